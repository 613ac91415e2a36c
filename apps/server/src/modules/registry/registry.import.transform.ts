import type { PiiCipher } from '../../core/crypto/sm.ts';
import { personsCopyText } from './registry-import.copy.ts';
import { type CleanPerson, personColumns, TRACKED_FIELDS } from './registry.rules.ts';

/**
 * The per-row work for an import's new persons: SM4 of the ID number and phone, the phone's blind
 * index, search tokens and the row's COPY text. Pure (no I/O, no shared state but the cipher), so
 * it runs on the import's thread or in a worker thread (registry.import.worker.ts) alike.
 */

/** A new person of a batch: the id chosen for it and its ID number's blind index under the current key. */
export interface FreshPerson {
  id: string;
  person: CleanPerson;
  bidx: Uint8Array;
}

/** Whose values these are: every tracked field of a new person gets this provenance. */
export interface ImportStamp {
  source: string;
  at: string;
  importId: string;
}

/** COPY text for the persons table (the PostgreSQL server), or the columns for an INSERT (PGlite). */
export type TransformMode = 'copy' | 'columns';
export type PersonColumns = ReturnType<typeof personColumns> & { id: string };
export type Transformed = { copy: Buffer } | { columns: PersonColumns[] };

export function transformFresh(
  cipher: PiiCipher,
  stamp: ImportStamp,
  mode: TransformMode,
  fresh: FreshPerson[],
): Transformed {
  const columns = fresh.map((f) => ({
    ...personColumns(f.person, cipher, provenanceOf(stamp, f.person), asBuffer(f.bidx)),
    id: f.id,
  }));
  // encoded here: turning a batch's text into bytes cost the import's thread ≈45 µs a row
  return mode === 'copy' ? { copy: Buffer.from(personsCopyText(columns), 'utf8') } : { columns };
}

function provenanceOf(stamp: ImportStamp, p: CleanPerson) {
  const out: Record<string, ImportStamp> = {};
  for (const f of TRACKED_FIELDS) if (p[f] !== null) out[f] = stamp;
  return out;
}

/** A Buffer over the same bytes: what crosses a thread arrives as a plain Uint8Array. */
export const asBuffer = (b: Uint8Array): Buffer =>
  Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/** Columns back from a worker: their byte values as Buffers again, as the database driver expects. */
export function revived(columns: PersonColumns[]): PersonColumns[] {
  for (const c of columns) {
    c.id_number_enc = asBuffer(c.id_number_enc);
    c.id_number_bidx = asBuffer(c.id_number_bidx);
    if (c.phone_enc) c.phone_enc = asBuffer(c.phone_enc);
    if (c.phone_bidx) c.phone_bidx = asBuffer(c.phone_bidx);
  }
  return columns;
}
