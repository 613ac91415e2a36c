import { maskPhone, isCalendarDate, isCalendarMonth } from '@grassroots/contracts';
import { type Actor, requireScope } from '../../core/auth/actor.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import type { PiiCipher } from '../../core/crypto/sm.ts';
import type { Db } from '../../core/db/database.ts';
import { AppError, badInput, conflict } from '../../core/errors.ts';
import { type Clock, today } from '../../core/time.ts';
import {
  type AssistanceModule,
  type CareStandards,
  addMonths,
  checkedAccount,
  PROGRAMMES,
  periodStart,
} from '../assistance/index.ts';
import { checkedMobile, maskAccount } from '../../core/values.ts';
import * as repo from './care.repository.ts';

export const RECORD_KINDS = ['visit', 'sickCall', 'hardshipHelp', 'mediation', 'goodNews', 'health'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];
const CARE_PROGRAMMES = ['preferentialCare', 'conscriptFamilyAllowance'] as const;

const notFound = () =>
  new AppError(
    404,
    'not_found',
    '优抚对象不存在或不在您的辖区内',
    'Beneficiary not found or outside your jurisdiction',
  );

export interface Registration {
  personId: string;
  category: string;
  since: string;
  phone?: string | undefined;
  workingAway?: boolean | undefined;
  bankName?: string | undefined;
  account?: string | undefined;
}

/**
 * 优抚: the registry by category, paid through the assistance machinery at the category's yearly
 * standard (quarterly for 优抚金, yearly for 优待金); the monthly visit on the 18th, the five
 * services and the health file; pairing assistance; opinions from those working away.
 */
export class CareService {
  constructor(
    private readonly db: Db,
    private readonly cipher: PiiCipher,
    // care pays through assistance's entitlements and reads its standards: through its service, never its tables
    private readonly assistance: Pick<AssistanceModule, 'rules' | 'entitlements'>,
    private readonly clock: Clock,
  ) {}

  async register(actor: Actor, r: Registration) {
    const scope = requireScope(actor, 'assistance.manage');
    const phone = checkedMobile(r.phone);
    const bank = checkedAccount(r.account, r.bankName);
    if (!isCalendarDate(r.since))
      throw badInput('since', '认定日期应为真实存在的日期 YYYY-MM-DD', 'since must be a real calendar date');
    const day = today(this.clock);
    return this.db.transaction().execute(async (tx) => {
      const person = await repo.findHouseholdPersonInScope(tx, r.personId, scope);
      if (!person)
        throw badInput(
          'personId',
          '人员不存在、不在您的辖区内或未登记户籍',
          'Person not found, outside your jurisdiction, or without a household',
        );
      const { programme, standard, rule } = await this.standardFor(r.category, person.division_code, day, tx);
      if (await repo.findActiveRegistration(tx, person.id, r.category)) {
        throw conflict(
          'already_registered',
          `${person.name} 已登记为「${standard.label}」`,
          `${person.name} is already registered in this category`,
        );
      }
      const frequency = PROGRAMMES[programme].frequency;
      const perPeriod = frequency === 'quarterly' ? standard.annualFen / 4 : standard.annualFen;
      const startMonth = periodStart(
        programme,
        frequency === 'yearly'
          ? `${day.slice(0, 4)}-01`
          : `${day.slice(0, 5)}${String(Math.floor((Number(day.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}`,
      );
      const entitlementId = await this.assistance.entitlements.enrolIn(tx, {
        programme,
        householdId: person.household_id,
        beneficiaryId: PROGRAMMES[programme].beneficiary === 'person' ? person.id : person.household_id,
        caseId: null,
        divisionCode: person.division_code,
        ruleVersionId: rule.id,
        inputs: { category: r.category, since: r.since },
        computation: { category: standard, frequency, perPeriodFen: perPeriod, basis: rule.basis },
        amountFen: perPeriod,
        frequency,
        classCode: r.category,
        startMonth,
        nextReverification: addMonths(day, 12),
        payeeName: person.name,
        account: bank
          ? {
              bankName: bank.bankName,
              enc: this.cipher.encrypt(bank.account),
              masked: maskAccount(bank.account),
              typedByStaff: true,
            }
          : null,
        memberIds: [],
        reason: `认定为${standard.label}`,
        actorId: actor.id,
        actorName: actor.displayName,
        at: this.clock(),
      });
      const row = await repo.insertBeneficiary(tx, {
        person_id: person.id,
        household_id: person.household_id,
        division_code: person.division_code,
        category: r.category,
        since: r.since,
        entitlement_id: entitlementId,
        contact_phone_enc: phone ? this.cipher.encrypt(phone) : null,
        contact_phone_masked: phone ? maskPhone(phone) : null,
        working_away: !!r.workingAway,
      });
      await recordAudit(tx, {
        action: 'care.registered',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'care_beneficiary',
        targetId: row.id,
        divisionCode: person.division_code,
        details: { category: r.category, programme },
      });
      return { id: row.id, entitlementId, programme, perPeriodFen: perPeriod, frequency };
    });
  }

  /** The standards naming a category, of whichever care programme has it, in force for the division today. */
  private async standardFor(
    category: string,
    divisionCode: string,
    day: string,
    tx: Parameters<AssistanceModule['rules']['versionFor']>[3],
  ) {
    for (const programme of CARE_PROGRAMMES) {
      const rule = (await this.assistance.rules.versionFor(programme, divisionCode, day, tx).catch(() => undefined)) as
        (CareStandards & { id: string }) | undefined;
      const standard = rule?.categories.find((c) => c.code === category);
      if (rule && standard) return { programme, standard, rule };
    }
    throw badInput(
      'category',
      `没有「${category}」类别的现行优抚标准`,
      `No standard in force for category ${category}`,
    );
  }

  async list(actor: Actor, q: { category?: string | undefined; search?: string | undefined }) {
    const scope = requireScope(actor, 'assistance.read');
    const rows = await repo.listBeneficiaries(this.db, scope, q);
    // the entitlements are assistance's: their terms and the households in 低保 come from its service
    const ids = rows.flatMap((r) => (r.entitlement_id ? [r.entitlement_id] : []));
    const [terms, inAllowance] = await Promise.all([
      this.assistance.entitlements.termsOf(ids),
      this.assistance.entitlements.inMinimumAllowance([...new Set(rows.map((r) => r.household_id))]),
    ]);
    return rows.map(({ entitlement_id, household_id, ...r }) => {
      const t = entitlement_id ? terms.get(entitlement_id) : undefined;
      return {
        ...r,
        amount_fen: t?.amount_fen ?? null,
        frequency: t?.frequency ?? null,
        alsoAllowance: inAllowance.has(household_id),
      };
    });
  }

  async get(actor: Actor, id: string) {
    const scope = requireScope(actor, 'assistance.read');
    const b = await repo.findBeneficiaryInScope(this.db, id, scope);
    if (!b) throw notFound();
    return { ...b, ...(await repo.beneficiaryFileById(this.db, id)) };
  }

  /** 走访、探视、帮困、调解、送喜报, or a health-file entry; a visit in a month closes that month's visit task. */
  async addRecord(
    actor: Actor,
    id: string,
    r: { kind: RecordKind; onDate: string; notes: string; problemSolved?: string | undefined },
  ) {
    const scope = requireScope(actor, 'care.record');
    if (!isCalendarDate(r.onDate) || r.onDate > today(this.clock))
      throw badInput('onDate', '日期应为今天或以前的真实日期', 'The date must be a real date, today or earlier');
    if (r.notes.trim().length < 2) throw badInput('notes', '请填写情况', 'Write what was done or found');
    return this.db.transaction().execute(async (tx) => {
      const b = await repo.findBeneficiaryRefInScope(tx, id, scope);
      if (!b) throw notFound();
      const row = await repo.insertCareRecord(tx, {
        beneficiary_id: id,
        kind: r.kind,
        on_date: r.onDate,
        notes: r.notes.trim(),
        problem_solved: r.problemSolved?.trim() || null,
        recorded_by: actor.id,
        recorded_by_name: actor.displayName,
        recorded_at: this.clock(),
      });
      if (r.kind === 'visit') await repo.closeVisitTask(tx, id, `${r.onDate.slice(0, 7)}-01`, row.id);
      await recordAudit(tx, {
        action: 'care.record',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'care_beneficiary',
        targetId: id,
        divisionCode: b.division_code,
        details: { kind: r.kind, on: r.onDate },
      });
      return { id: String(row.id) };
    });
  }

  async addPairing(
    actor: Actor,
    id: string,
    p: {
      cadreId: string;
      plan: { time: string; content: string; plan: string; goal: string; effect: string };
      problemSolved?: string | undefined;
    },
  ) {
    const scope = requireScope(actor, 'assistance.manage');
    for (const k of ['time', 'content', 'plan', 'goal', 'effect'] as const)
      if (!p.plan[k]?.trim())
        throw badInput(
          `plan.${k}`,
          '帮扶计划的五项（时间、内容、计划、目标、效果）都要填写',
          'The plan needs its five points: time, content, plan, goal, effect',
        );
    return this.db.transaction().execute(async (tx) => {
      const b = await repo.findBeneficiaryRefInScope(tx, id, scope);
      if (!b) throw notFound();
      if (!(await repo.findActiveUser(tx, p.cadreId))) throw badInput('cadreId', '帮扶干部不存在', 'No such cadre');
      const row = await repo.insertPairing(tx, {
        beneficiary_id: id,
        cadre_id: p.cadreId,
        plan: JSON.stringify(p.plan),
        problem_solved: p.problemSolved?.trim() || null,
      });
      await recordAudit(tx, {
        action: 'care.pairing',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'care_beneficiary',
        targetId: id,
        divisionCode: b.division_code,
        details: { cadre: p.cadreId },
      });
      return { id: row.id };
    });
  }

  /** This month's visits in the worker's area, done or still owed. */
  async visitTasks(actor: Actor, month: string) {
    const scope = requireScope(actor, 'care.record');
    if (!isCalendarMonth(month)) throw badInput('month', '月份应为 YYYY-MM', 'month must be YYYY-MM');
    return repo.visitTasksInScope(this.db, scope, `${month}-01`);
  }

  async opinions(actor: Actor) {
    const scope = requireScope(actor, 'care.record');
    return repo.opinionsInScope(this.db, scope);
  }

  /** 意见反馈 from the portal: name, phone and the home village, with what they ask. */
  async fileOpinion(input: { name: string; phone: string; divisionCode: string; text: string }, ip: string | null) {
    const name = input.name.trim();
    if (name.length < 1) throw badInput('name', '请填写姓名', 'Give your name');
    if (!checkedMobile(input.phone)) throw badInput('phone', '请填写手机号码', 'Give a mobile number', 'invalid_phone');
    if (input.text.trim().length < 5)
      throw badInput('text', '请写明您的意见或需要帮助的事（至少5个字）', 'Say what you need (at least 5 characters)');
    return this.db.transaction().execute(async (tx) => {
      const village = await repo.findVillage(tx, input.divisionCode);
      if (!village)
        throw badInput('divisionCode', '请选择家乡所在的村（社区）', 'Choose your home village or community');
      const row = await repo.insertOpinion(tx, {
        division_code: village.code,
        name,
        phone_enc: this.cipher.encrypt(input.phone.trim()),
        phone_masked: maskPhone(input.phone.trim()),
        text: input.text.trim(),
      });
      await recordAudit(tx, {
        action: 'care.opinion',
        actorName: 'public',
        ip,
        targetType: 'care_opinion',
        targetId: row.id,
        divisionCode: village.code,
      });
      return { id: row.id };
    });
  }
}
