import fc from 'fast-check';

/**
 * The fuzzer's values: hostile strings, impossible dates, and requests built from a route's own JSON schema
 * with one field made bad at a time. Which routes to call and what must hold afterwards is in fuzz.ts.
 */
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
};

export const BAD_DATES = [
  '2026-02-30',
  '2015-13-01',
  '2026-00-10',
  '0000-01-01',
  '2026-02-30T08:00:00Z',
  '2026-10-08T25:00:00+08:00',
];
export const nasty = fc.constantFrom(
  "' OR '1'='1' --",
  "'; DROP TABLE persons; --",
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '１１０１０５１９４９１２３１００２Ｘ',
  '张\u200b三',
  '\u202e\u202d',
  '😀👨‍👩‍👧',
  '王'.repeat(5000),
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  'null',
  '../../etc/passwd',
  '%00',
  '${7*7}',
  '=HYPERLINK("http://x")',
  '11010519491231002X',
  '11010520991231002X',
  '00000000-0000-0000-0000-000000000000',
  '9'.repeat(40),
  '-1',
  '1e308',
  'NaN',
  'Infinity',
  '\ud800',
  ...BAD_DATES,
  '2026-10-08',
  '2026-10',
);
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  nasty,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(nasty, { maxLength: 3 }),
  fc.object({ maxDepth: 2 }),
  fc.string(),
);

/**
 * A value the route's own schema accepts, as far as its JSON schema tells (enum, format, pattern,
 * bounds, required keys): the request then reaches the service, where a bad value does harm.
 */
function validOf(schema: JsonSchema | undefined, known: string[], depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 5) return fc.string({ maxLength: 10 });
  const alt = (schema.anyOf ?? schema.oneOf)?.filter((x) => x.type !== 'null');
  if (alt?.length) return fc.oneof(...alt.map((x) => validOf(x, known, depth + 1)));
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const type = [schema.type].flat().find((t) => t !== 'null');
  if (type === 'object' || schema.properties) {
    const props = Object.entries(schema.properties ?? {});
    if (!props.length)
      return fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 10 }), { maxKeys: 2 });
    return fc.record(Object.fromEntries(props.map(([k, x]) => [k, validOf(x, known, depth + 1)])), {
      requiredKeys: (schema.required ?? []).filter((k) => schema.properties?.[k]),
    });
  }
  if (type === 'array')
    return fc.array(validOf(schema.items, known, depth + 1), {
      minLength: schema.minItems ?? 0,
      maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)),
    });
  if (type === 'integer')
    return fc.integer({ min: Math.max(schema.minimum ?? 0, -1e9), max: Math.min(schema.maximum ?? 1000, 1e9) });
  if (type === 'number')
    return fc.double({ min: schema.minimum ?? 0, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
  if (type === 'boolean') return fc.boolean();
  if (schema.format === 'date')
    return fc.constantFrom('2026-10-08', '2026-12-31', '2024-02-29', '2027-01-04', '2026-01-01');
  if (schema.format === 'date-time') return fc.constantFrom('2026-10-08T09:30:00+08:00', '2026-12-31T23:59:59Z');
  if (schema.format === 'uuid')
    return fc.oneof(
      fc.constantFrom(...known.filter((k) => /^[0-9a-f-]{36}$/.test(k)), '00000000-0000-0000-0000-000000000000'),
      fc.uuid(),
    );
  if (schema.pattern) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern), { size: 'xsmall' });
    } catch {
      // a pattern the generator cannot read: plain strings will do
    }
  }
  const min = schema.minLength ?? 0;
  return fc.oneof(
    fc.string({ minLength: min, maxLength: Math.min(schema.maxLength ?? 20, min + 20) }),
    fc.constantFrom(...known).filter((k) => k.length >= min && k.length <= (schema.maxLength ?? 1e9)),
  );
}

const badValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: nasty, weight: 3 },
  { arbitrary: fc.constantFrom(...BAD_DATES), weight: 2 },
  { arbitrary: anyValue, weight: 2 },
);

/**
 * A request's fields: valid ones with one of them made bad (or dropped), or none made bad, or all of
 * them random: the classic way to reach each check one at a time.
 */
export function fieldsOf(
  schema: JsonSchema | undefined,
  known: string[],
): fc.Arbitrary<Record<string, unknown> | unknown> {
  const valid = validOf(schema ?? { type: 'object' }, known);
  const keys = Object.keys(schema?.properties ?? {});
  const mutated = fc.tuple(valid, fc.nat(), badValue, fc.nat(5)).map(([v, i, bad, how]) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return bad;
    const names = keys.length ? keys : Object.keys(v);
    if (!names.length) return v;
    const key = names[i % names.length]!;
    const out: Record<string, unknown> = { ...(v as Record<string, unknown>) };
    if (how === 0) delete out[key];
    else out[key] = bad;
    return out;
  });
  return fc.oneof(
    { arbitrary: mutated, weight: 6 },
    { arbitrary: valid, weight: 2 },
    { arbitrary: anyValue, weight: 1 },
  );
}
