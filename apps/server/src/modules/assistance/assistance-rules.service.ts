import type { NewRuleVersion } from '@grassroots/contracts';
import { bilingual } from '../../core/validation.ts';
import { type Actor, requirePermission } from '../../core/auth/actor.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import type { Db, Executor } from '../../core/db/database.ts';
import { AppError, badInput, conflict } from '../../core/errors.ts';
import { type RuleVersion, ruleVersionFor } from './allowance-rules.ts';
import { type AnyRule, isAllowanceRule, ruleSchemaFor } from './rule-schemas.ts';
import * as repo from './assistance-rules.repository.ts';

export type StoredRule = AnyRule & { id: string };
export type StoredRuleVersion = RuleVersion & { id: string };

/**
 * The rule versions of the assistance programmes. A version, once entered, is never edited: an
 * entitlement computed under it must be explainable for years. A new standard is a new version
 * with its own effective date.
 */
function asAllowance(rule: StoredRule): StoredRuleVersion {
  if (!isAllowanceRule(rule)) throw new Error(`rule ${rule.id} of ${rule.programme} is not a minimum-allowance rule`);
  return rule as StoredRuleVersion;
}

export class AssistanceRulesService {
  constructor(private readonly db: Db) {}

  /** A new version, checked against its programme's schema (the first field that falls short is named). */
  async add(actor: Actor | undefined, input: NewRuleVersion): Promise<{ id: string }> {
    if (actor) requirePermission(actor, 'config.manage');
    const parsed = ruleSchemaFor(input.programme).safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join('.') || 'rule';
      throw badInput(
        field,
        `规则不完整或有误：${field} ${bilingual(issue.message).zh}`,
        `Invalid rule: ${field} ${bilingual(issue.message).en}`,
      );
    }
    const rule = parsed.data;
    return this.db.transaction().execute(async (tx) => {
      if (!(await repo.findDivisionPath(tx, rule.divisionCode))) {
        throw badInput(
          'divisionCode',
          `区划 ${rule.divisionCode} 不存在`,
          `Division ${rule.divisionCode} does not exist`,
        );
      }
      const exists = await repo.findRuleVersionAt(tx, rule.programme, rule.divisionCode, rule.effectiveFrom);
      if (exists)
        throw conflict(
          'rule_version_exists',
          '该区划该日期已有规则版本；调整标准请以新的生效日期新增版本',
          'A version for this division and date exists; a change is a new version with a later date',
          { id: exists.id },
        );
      const row = await repo.insertRuleVersion(tx, {
        programme: rule.programme,
        division_code: rule.divisionCode,
        effective_from: rule.effectiveFrom,
        rule: JSON.stringify(rule),
        basis: rule.basis,
        created_by: actor?.username ?? 'cli',
      });
      await recordAudit(tx, {
        action: 'assistance.rule_added',
        actorId: actor?.id ?? null,
        actorName: actor?.username ?? 'cli',
        targetType: 'assistance_rule_version',
        targetId: String(row.id),
        divisionCode: rule.divisionCode,
        details: { programme: rule.programme, effectiveFrom: rule.effectiveFrom, basis: rule.basis },
      });
      return { id: String(row.id) };
    });
  }

  /** The version in force for a division on a day: the most specific division on its path, then the latest date. */
  async versionFor(
    programme: string,
    divisionCode: string,
    onDate: string,
    db: Executor = this.db,
  ): Promise<StoredRule> {
    const division = await repo.findDivisionPath(db, divisionCode);
    if (!division)
      throw badInput('divisionCode', `区划 ${divisionCode} 不存在`, `Division ${divisionCode} does not exist`);
    const rows = await repo.ruleVersionsOnPath(db, programme, division.path, onDate);
    const versions: StoredRule[] = rows.map((r) => ({ ...ruleSchemaFor(programme).parse(r.rule), id: String(r.id) }));
    const found = ruleVersionFor(versions, programme, division.path, onDate);
    if (!found)
      throw new AppError(
        422,
        'no_rule_version',
        `${onDate} 该区划没有适用的 ${programme} 规则`,
        `No ${programme} rule applies in ${divisionCode} on ${onDate}`,
        'divisionCode',
      );
    return found;
  }

  /** The version an entitlement was computed under, to answer for it later. */
  async versionById(id: string | number, db: Executor = this.db): Promise<StoredRule> {
    const row = await repo.findRuleVersionById(db, id);
    if (!row) throw new AppError(404, 'not_found', '规则版本不存在', 'Rule version not found');
    return { ...ruleSchemaFor(row.programme).parse(row.rule), id: String(row.id) };
  }

  /** 低保 rules only: the standard, the incomes, the classes. */
  async allowanceVersionFor(
    programme: string,
    divisionCode: string,
    onDate: string,
    db: Executor = this.db,
  ): Promise<StoredRuleVersion> {
    return asAllowance(await this.versionFor(programme, divisionCode, onDate, db));
  }

  async allowanceVersionById(id: string | number, db: Executor = this.db): Promise<StoredRuleVersion> {
    return asAllowance(await this.versionById(id, db));
  }
}
