/**
 * What the web build gets for `zod` (vite.config.ts aliases it here). The web reads of a contract only an endpoint's
 * method and path and an enum's `options`: it never parses with a schema (the server does, on both sides of the wire),
 * yet the real library (95 kB) and the construction of every schema a page imports cost the console's first load.
 * Here every schema is one inert value: any method or property of it is a schema again, so `z.string().min(1)`,
 * `z.object({...}).extend(...)` and `z.iso.date()` all build nothing, and `z.enum([...])` keeps its values as `options`
 * and `enum`. The types still come from the real zod (the type check does not see this alias).
 */
type Inert = ((...args: unknown[]) => Inert) & { readonly [key: string]: Inert };

const inert: Inert = new Proxy(function schema() {} as unknown as Inert, {
  apply: () => inert,
  // a symbol (Symbol.iterator, toPrimitive) or `then` (so a schema is never taken for a promise) is absent
  get: (_target, key) => (typeof key === 'symbol' || key === 'then' ? undefined : inert),
});

function enumOf(values: readonly string[] | Record<string, string>): Inert {
  const options = Array.isArray(values) ? [...values] : Object.values(values);
  const own: Record<string, unknown> = { options, enum: Object.fromEntries(options.map((v) => [v, v])) };
  return new Proxy(inert, {
    get: (target, key, receiver) => (key in own ? own[key as string] : Reflect.get(target, key, receiver)),
  });
}

export const z = new Proxy(inert, {
  get: (target, key, receiver) => (key === 'enum' ? enumOf : Reflect.get(target, key, receiver)),
});
export default z;
