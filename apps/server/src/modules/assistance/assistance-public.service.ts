import {
  idNumberProblemText,
  maskPhone,
  type NewObjection,
  type OnlineApplicationInput,
  parseIdNumber,
  type PublicNotice,
} from '@grassroots/contracts';
import { recordAudit } from '../../core/audit/audit.ts';
import type { PiiCipher } from '../../core/crypto/sm.ts';
import type { Db } from '../../core/db/database.ts';
import { AppError, badInput, conflict } from '../../core/errors.ts';
import { type Clock, today } from '../../core/time.ts';
import { currentAgentOf } from '../registry/index.ts';
import { checkedMobile, maskAccount } from '../../core/values.ts';
import * as repo from './assistance-public.repository.ts';
import { findLiveEntitlementOf } from './assistance.repository.ts';
import { checkedAccount } from './bank-files.ts';
import { type Assessment, maskName } from './investigation.ts';
import { ALLOWANCE_PROGRAMMES } from './minimum-allowance.workflow.ts';

/** The one answer for an ID number the signed-in phone may not apply for, whether or not it is registered or has a case. */
const NOT_APPLICANT = () =>
  new AppError(
    403,
    'not_applicant',
    '只能由申请人本人、同户成年家庭成员或登记的委托代理人，使用登记的本人手机号登录后申请；手机号未登记或有变化的，请到社区（村）更新或到窗口申请',
    'Only the applicant, an adult of her household or her registered agent may apply, signed in with the mobile registered for them; if it is not registered or has changed, update it at your community or apply at the window',
    'idNumber',
  );
const NOT_ON_NOTICE = () =>
  new AppError(404, 'notice_not_found', '没有正在公示的该户信息', 'No household on notice with that number');

/**
 * What the portal shows and takes for 低保: the households on public notice (names masked, no ID
 * numbers, no addresses), objections against them, and applications filed online.
 */
export class AssistancePublicService {
  constructor(
    private readonly db: Db,
    private readonly cipher: PiiCipher,
    private readonly clock: Clock,
  ) {}

  /** Households on notice today, optionally in one division's subtree. */
  async currentNotices(divisionCode?: string): Promise<PublicNotice[]> {
    const day = today(this.clock);
    const rows = await repo.casesOnNotice(this.db, day, divisionCode);
    return rows.map((r) => {
      const data = r.data as Record<string, unknown>;
      const a = data.assessment as Assessment;
      return {
        caseNumber: r.number,
        divisionName: r.divisionName,
        applicant: maskName(String(data.applicant)),
        members: a.members,
        monthlyAmountFen: a.monthlyAmountFen,
        noticeFrom: String(data.noticeFrom),
        noticeUntil: String(data.noticeUntil),
        phone: r.phone,
      };
    });
  }

  /** 异议: accepted only while the household is on notice; it blocks approval until the investigation is reopened. */
  async fileObjection(caseNumber: string, input: NewObjection, ip: string | null) {
    const text = input.text.trim();
    if (text.length < 5)
      throw badInput(
        'text',
        '请写明异议的事实和理由（至少5个字）',
        'State the facts and reasons (at least 5 characters)',
      );
    const phone = checkedMobile(input.phone);
    const day = today(this.clock);
    return this.db.transaction().execute(async (tx) => {
      const c = await repo.lockAllowanceCaseByNumber(tx, caseNumber);
      if (!c || c.status !== 'onNotice') throw NOT_ON_NOTICE();
      const data = c.data as Record<string, unknown>;
      if (day < String(data.noticeFrom) || day > String(data.noticeUntil))
        throw conflict(
          'notice_closed',
          `公示期为 ${String(data.noticeFrom)} 至 ${String(data.noticeUntil)}，不在公示期内`,
          'The notice period is not running',
        );
      const row = await repo.insertObjection(tx, {
        case_id: c.id,
        text,
        contact_name: input.name?.trim() || null,
        contact_phone_enc: phone ? this.cipher.encrypt(phone) : null,
        contact_phone_masked: phone ? maskPhone(phone) : null,
      });
      await recordAudit(tx, {
        action: 'assistance.objection_filed',
        actorName: 'public',
        ip,
        targetType: 'case',
        targetId: c.id,
        divisionCode: c.division_code,
        details: { caseNumber, objection: row.id },
      });
      return { id: row.id, filedAt: row.filed_at };
    });
  }

  /**
   * 网上申请, by the applicant or an adult of her household, each known by the phone the registry
   * holds for them, or by an agent a clerk registered for the applicant after seeing the document
   * (委托书), while the registration is current; a worker then opens the case. Whoever else asks gets one answer for every ID
   * number — unknown, registered, enrolled or with an application waiting — so the form cannot be
   * used to learn who has a case. The account typed here is paid only after a clerk has checked it
   * against the applicant's own card or passbook (EntitlementsService.verifyAccount).
   */
  async apply(phoneBidx: Buffer, input: OnlineApplicationInput, ip: string | null) {
    if (!ALLOWANCE_PROGRAMMES.includes(input.programme))
      throw badInput('programme', '请选择保障类别', 'Choose a programme');
    const id = parseIdNumber(input.idNumber.trim());
    if (!id.ok)
      throw badInput(
        'idNumber',
        idNumberProblemText[id.problem].zh,
        idNumberProblemText[id.problem].en,
        'invalid_id_number',
      );
    const reason = input.reason.trim();
    if (reason.length < 10)
      throw badInput('reason', '请说明家庭困难情况（至少10个字）', 'Describe the hardship (at least 10 characters)');
    const bank = checkedAccount(input.account, input.bankName);
    const day = today(this.clock);
    const adultBorn = `${String(Number(day.slice(0, 4)) - 18).padStart(4, '0')}${day.slice(4)}`;
    return this.db.transaction().execute(async (tx) => {
      const person = await repo.findHouseholdPersonByIdNumber(tx, this.cipher.blindIndexes(id.value));
      // the applicant herself first, else an adult of the same household, by the phone registered for them
      const filer =
        person &&
        (await repo.findFilerInHousehold(tx, {
          householdId: person.household_id,
          applicantId: person.id,
          phoneBidx,
          adultBorn,
        }));
      // else a registered agent of the applicant, still current today; anyone else: the one answer
      const agent = person && !filer ? await currentAgentOf(tx, person.id, phoneBidx, day) : undefined;
      if (!person || (!filer && !agent)) throw NOT_APPLICANT();
      const enrolled = await findLiveEntitlementOf(tx, person.household_id, ALLOWANCE_PROGRAMMES);
      if (enrolled)
        throw conflict(
          'already_enrolled',
          '您家已在低保保障中；家庭情况有变化，请告知社区（村）',
          'Your household is already enrolled; tell your community about any change',
        );
      const pending = await repo.findPendingOnlineApplication(tx, person.household_id);
      if (pending)
        throw conflict(
          'application_pending',
          '该户已有待受理的网上申请，请等待社区（村）联系',
          'This household already has an application waiting to be taken up',
          { id: pending.id },
        );
      const filedBy = !filer
        ? ('agent' as const)
        : filer.id === person.id
          ? ('applicant' as const)
          : ('householdMember' as const);
      const row = await repo.insertOnlineApplication(tx, {
        programme: input.programme,
        person_id: person.id,
        household_id: person.household_id,
        division_code: person.division_code,
        resident_phone_bidx: phoneBidx,
        reason,
        bank_name: bank?.bankName ?? null,
        account_enc: bank ? this.cipher.encrypt(bank.account) : null,
        account_masked: bank ? maskAccount(bank.account) : null,
        filed_by: filedBy,
        filer_person_id: filer?.id ?? null,
        filer_agent_id: agent?.id ?? null,
      });
      await recordAudit(tx, {
        action: 'assistance.online_application',
        actorName: 'public',
        ip,
        targetType: 'assistance_online_application',
        targetId: row.id,
        divisionCode: person.division_code,
        details: {
          programme: input.programme,
          filedBy,
          ...(agent ? { agent: agent.id } : {}),
          accountUnverified: !!bank,
        },
      });
      return {
        id: row.id,
        submittedAt: row.submitted_at,
        accountVerification: bank ? ('pending' as const) : null,
      };
    });
  }

  /** The signed-in resident's applications, with the case each became and where it stands. */
  async myApplications(phoneBidx: Buffer) {
    const rows = await repo.applicationsOfPhone(this.db, phoneBidx);
    // the query code is hers: with the number it follows and rates the case on any device, signed in or not
    return rows.map((r) => ({
      id: r.id,
      programme: r.programme,
      submittedAt: r.submitted_at,
      caseNumber: r.number,
      queryCode: r.query_code,
      status: r.status ?? 'submitted',
      dueDate: r.due_date,
    }));
  }
}

export { maskAccount } from '../../core/values.ts';
