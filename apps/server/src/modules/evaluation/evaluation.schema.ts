import type { Generated } from 'kysely';
import type { Json, Timestamp } from '../../core/db/schema.ts';

export interface EvaluationsTable {
  id: Generated<string>;
  case_id: string;
  channel: 'onSite' | 'online';
  level: number;
  sub_scores: Json<Record<string, number>>;
  comment: string | null;
  department_id: string;
  staff_id: string | null;
  window_name: string | null;
  item_code: string | null;
  rectification_case_id: string | null;
  created_at: Timestamp;
}

export interface EvaluationAppealsTable {
  id: Generated<string>;
  evaluation_id: string;
  reason: string;
  filed_by: string;
  filed_at: Timestamp;
  decision: 'upheld' | 'rejected' | null;
  decision_note: string | null;
  decided_by: string | null;
  decided_at: Date | null;
}

/** 好差评 and appeals against them (migrations 015_evaluations, 024_evaluations_comment). */
declare module '../../core/db/schema.ts' {
  interface Tables {
    evaluations: EvaluationsTable;
    evaluation_appeals: EvaluationAppealsTable;
  }
}
