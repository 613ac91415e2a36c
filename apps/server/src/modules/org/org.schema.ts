import type { Generated } from 'kysely';

export interface OrganisationsTable {
  id: Generated<string>;
  name: string;
  kind: string;
  credit_code: string | null;
  division_code: string;
  phone: string | null;
}

/** Outside organisations (migration 001_organisations). */
declare module '../../core/db/schema.ts' {
  interface Tables {
    organisations: OrganisationsTable;
  }
}
