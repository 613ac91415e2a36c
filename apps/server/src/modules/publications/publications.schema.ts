import type { Timestamp } from '../../core/db/schema.ts';

export interface VillageConsultantsTable {
  division_code: string;
  name: string;
  phone: string;
  updated_at: Timestamp;
}

export interface PublicationsTable {
  kind: 'card' | 'board' | 'handbook';
  scope: string;
  fingerprint: string;
  file_hash: string;
  generated_at: Timestamp;
}

/** Village consultants and generated publications (migration 015_publications). */
declare module '../../core/db/schema.ts' {
  interface Tables {
    village_consultants: VillageConsultantsTable;
    publications: PublicationsTable;
  }
}
