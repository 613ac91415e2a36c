import { type Insertable, sql } from 'kysely';
import type { Executor, Tx } from '../../core/db/database.ts';
import type { AssistanceRuleVersionsTable } from './assistance.schema.ts';

// Rule versions are public policy (三公开), not records of anyone: no read here takes a scope.

export async function findDivisionPath(db: Executor, code: string) {
  return db.selectFrom('divisions').select('path').where('code', '=', code).executeTakeFirst();
}

export async function findRuleVersionAt(db: Executor, programme: string, divisionCode: string, effectiveFrom: string) {
  return db
    .selectFrom('assistance_rule_versions')
    .select('id')
    .where('programme', '=', programme)
    .where('division_code', '=', divisionCode)
    .where('effective_from', '=', effectiveFrom)
    .executeTakeFirst();
}

export async function insertRuleVersion(tx: Tx, values: Insertable<AssistanceRuleVersionsTable>) {
  return tx.insertInto('assistance_rule_versions').values(values).returning('id').executeTakeFirstOrThrow();
}

/** The versions in effect by a day for the divisions on a path (the caller picks the most specific, latest). */
export async function ruleVersionsOnPath(db: Executor, programme: string, divisionPath: string, onDate: string) {
  return db
    .selectFrom('assistance_rule_versions')
    .select(['id', 'rule'])
    .where('programme', '=', programme)
    .where('effective_from', '<=', onDate)
    .where(sql<boolean>`${divisionPath} LIKE '%/' || division_code || '/%'`)
    .execute();
}

export async function findRuleVersionById(db: Executor, id: string | number) {
  return db
    .selectFrom('assistance_rule_versions')
    .select(['id', 'programme', 'rule'])
    .where('id', '=', String(id))
    .executeTakeFirst();
}
