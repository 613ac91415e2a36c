/**
 * COPY's text format for the import's rows. Apart from the repository because a worker thread
 * builds the persons' text (registry.import.transform.ts) and should not load the database driver.
 */

/** The columns COPY writes (the others take their defaults), in order. */
export const COPIED = [
  'id',
  'id_number_enc',
  'id_number_bidx',
  'id_number_masked',
  'name',
  'sex',
  'birth_date',
  'ethnicity',
  'phone_enc',
  'phone_bidx',
  'phone_masked',
  'registered_address',
  'residence_address',
  'residence_type',
  'marital_status',
  'disability_grade',
  'is_veteran',
  'division_code',
  'provenance',
  'search_text',
  'search_tokens',
] as const;
export type CopiedPerson = { [K in (typeof COPIED)[number]]: unknown };
const NEEDS_ESCAPE = /[\\\n\r\t]/;

/** One value in COPY's text format: \N for null, bytea as hex, backslash and control characters escaped. */
function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (Buffer.isBuffer(v)) return `\\\\x${v.toString('hex')}`;
  if (typeof v === 'boolean') return v ? 't' : 'f';
  const s = String(v);
  // most values need no escaping, and testing is cheaper than a replace that calls back
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
}

/** Rows in COPY's text format, one line each (ending with a newline). */
export function copyText<C extends string>(columns: readonly C[], rows: Array<Record<C, unknown>>): string {
  let text = '';
  for (const r of rows) {
    for (let i = 0; i < columns.length; i++) text += (i ? '\t' : '') + copyValue(r[columns[i]!]);
    text += '\n';
  }
  return text;
}

/** New persons' rows as COPY text: built where they are encrypted (possibly a worker thread). */
export const personsCopyText = (rows: CopiedPerson[]) => copyText(COPIED, rows);
