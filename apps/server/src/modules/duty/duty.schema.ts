import type { Generated } from 'kysely';
import type { DateString, Json, Timestamp } from '../../core/db/schema.ts';

export interface DutyRotaTable {
  department_id: string;
  day: DateString;
  leader_id: string;
  swapped: Generated<boolean>;
}

export interface DutyLogEntriesTable {
  id: Generated<number>;
  department_id: string;
  day: DateString;
  kind: 'visitor' | 'matter' | 'emergency' | 'handover';
  at_time: string;
  text: string;
  details: Json<Record<string, unknown>>;
  written_by: string;
  written_at: Timestamp;
}

/** The duty rota and duty log (migration 016_duty). */
declare module '../../core/db/schema.ts' {
  interface Tables {
    duty_rota: DutyRotaTable;
    duty_log_entries: DutyLogEntriesTable;
  }
}
