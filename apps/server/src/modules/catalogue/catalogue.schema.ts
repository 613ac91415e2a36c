import type { Generated } from 'kysely';
import type { Json, Timestamp } from '../../core/db/schema.ts';

export interface ServiceItemsTable {
  id: Generated<string>;
  code: string;
  version: number;
  current: Generated<boolean>;
  name: string;
  kind: string;
  department_code: string;
  handling_mode: 'onTheSpot' | 'promised' | 'agency' | 'forwarded';
  statutory_days: number;
  promised_days: number;
  limit_unit: Generated<'working' | 'calendar'>;
  guide: Json;
  search_text: string;
  created_by: string;
  created_at: Timestamp;
}

/** The catalogue of service items (migration 014). */
declare module '../../core/db/schema.ts' {
  interface Tables {
    service_items: ServiceItemsTable;
  }
}
