import type { Generated } from 'kysely';

/** Failed public look-ups by number and query code, per address and per case, per hour (migration 024). */
export interface LookupFailuresTable {
  scope: 'address' | 'case' | 'package';
  key: string;
  window_start: Date;
  failures: Generated<number>;
}

/** Failed public look-ups (migration 024_lookup_failures). */
declare module '../../core/db/schema.ts' {
  interface Tables {
    lookup_failures: LookupFailuresTable;
  }
}
