import type {
  ChangeAccount,
  EntitlementChange,
  EntitlementDetail,
  EntitlementFilter,
  EntitlementPage,
  VerifyAccount,
} from '@grassroots/contracts';
import type { Selectable, Updateable } from 'kysely';
import { type Actor, requireScope } from '../../core/auth/actor.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import type { PiiCipher } from '../../core/crypto/sm.ts';
import type { Db, Tx } from '../../core/db/database.ts';
import type { AssistanceEntitlementsTable } from './assistance.schema.ts';
import type { DocumentService } from '../../core/documents/documents.service.ts';
import { AppError, badInput, conflict } from '../../core/errors.ts';
import { type Clock, today } from '../../core/time.ts';
import { maskAccount } from './assistance-public.service.ts';
import type { AssistanceRulesService } from './assistance-rules.service.ts';
import { insertEntitlement, type NewEntitlement } from './assistance.repository.ts';
import * as repo from './entitlements.repository.ts';
import { ALLOWANCE_PROGRAMMES } from './minimum-allowance.workflow.ts';
import { checkedAccount, yuanOf } from './bank-files.ts';
import { type Assessment, addMonths, monthOf } from './investigation.ts';
import { programmeName } from './programmes.ts';

export type ChangeKind = 'increase' | 'decrease' | 'suspend' | 'resume' | 'terminate';
interface Change {
  kind: ChangeKind | 'account' | 'reverify';
  effective: string;
  before: number;
  after: number;
  reason: string;
  notice: boolean;
  audit?: { action: string; details: Record<string, unknown> };
}
const CHANGE_LABELS: Record<ChangeKind, string> = {
  increase: '增发',
  decrease: '减发',
  suspend: '停发',
  resume: '恢复发放',
  terminate: '终止保障',
};

const notFound = () =>
  new AppError(
    404,
    'not_found',
    '保障对象不存在或不在您的辖区内',
    'Entitlement not found or outside your jurisdiction',
  );

/** Enrolled households: the list, one household's ledger, and the changes that follow enrolment (each with its notice). */
export class EntitlementsService {
  constructor(
    private readonly db: Db,
    private readonly cipher: PiiCipher,
    private readonly documents: DocumentService,
    private readonly rules: AssistanceRulesService,
    private readonly clock: Clock,
  ) {}

  /** What these entitlements pay, by id (for the modules that show it: care's list of beneficiaries). */
  async termsOf(ids: readonly string[]) {
    return new Map((await repo.listEntitlementTerms(this.db, ids)).map((t) => [t.id, t]));
  }

  /** Which of these households are in an active minimum allowance (低保) now. */
  async inMinimumAllowance(householdIds: readonly string[]): Promise<Set<string>> {
    const rows = await repo.householdsWithActive(this.db, householdIds, ALLOWANCE_PROGRAMMES);
    return new Set(rows.map((r) => r.household_id));
  }

  async list(actor: Actor, q: EntitlementFilter): Promise<EntitlementPage> {
    const scope = requireScope(actor, 'assistance.read');
    const rows = await repo.listEntitlements(this.db, scope, q);
    return { items: rows.slice(0, 50), nextCursor: rows.length > 50 ? rows[49]!.id : null };
  }

  /** One household's entitlement with its members, its changes and its ledger of payments (台账). */
  async get(actor: Actor, id: string): Promise<EntitlementDetail> {
    const scope = requireScope(actor, 'assistance.read');
    const e = await repo.findEntitlementInScope(this.db, id, scope);
    if (!e) throw notFound();
    // the computation as stored with the entitlement (an object; a 低保 one explains itself)
    const computation = e.computation as EntitlementDetail['computation'];
    return { ...e, computation, ...(await repo.entitlementLedgerById(this.db, id)) };
  }

  /**
   * An entitlement of any programme, enrolled in the caller's transaction: how another module (优抚)
   * pays through the assistance cycles without writing assistance tables itself.
   */
  async enrolIn(tx: Tx, n: NewEntitlement): Promise<string> {
    return insertEntitlement(tx, n);
  }

  /**
   * 更正收款账户: the new account is stored encrypted; a failed payment can then be re-issued. Staff
   * key it in from the card or passbook presented, so it counts as verified by them.
   */
  async changeAccount(actor: Actor, id: string, input: ChangeAccount) {
    requireScope(actor, 'assistance.manage');
    const checked = checkedAccount(input.account, input.bankName);
    if (!checked) throw badInput('account', '请填写银行账号', 'Give the account number', 'invalid_account');
    const { account, bankName } = checked;
    return this.change(actor, id, input.expectedVersion, async (tx, e, at) => {
      await repo.updateEntitlement(tx, id, {
        bank_name: bankName,
        account_enc: this.cipher.encrypt(account),
        account_masked: maskAccount(account),
        account_changed_at: at,
        account_verified_at: at,
        account_verified_by: actor.id,
        account_verified_against: 'staffEntry',
      });
      return {
        kind: 'account' as const,
        effective: monthOf(today(this.clock)),
        before: e.amount_fen,
        after: e.amount_fen,
        reason: `收款账户变更为 ${bankName} ${maskAccount(account)}`,
        notice: false,
      };
    });
  }

  /**
   * 核对收款账户: an account typed on the portal is paid only once a clerk has held the payee's own
   * bank card or passbook and typed its number again here; a number that differs is refused (the
   * clerk then corrects the account instead). Who, when and against what is kept and audited.
   */
  async verifyAccount(actor: Actor, id: string, input: VerifyAccount) {
    requireScope(actor, 'assistance.manage');
    const typed = input.account.replace(/\s/g, '');
    if (!/^\d{12,30}$/.test(typed))
      throw badInput(
        'account',
        '请照银行卡（存折）输入12至30位账号',
        'Type the 12 to 30 digit number from the card or passbook',
        'invalid_account',
      );
    return this.change(actor, id, input.expectedVersion, async (tx, e, at) => {
      if (!e.account_enc)
        throw conflict('no_account', '该对象尚无收款账户，请先录入', 'There is no account to verify; enter one first');
      if (e.account_verified_at)
        throw conflict('account_already_verified', '收款账户已核对', 'The account is already verified');
      if (this.cipher.decrypt(e.account_enc) !== typed) {
        throw badInput(
          'account',
          '与申请人本人银行卡（存折）上的账号不一致：请核对；如以卡上为准，请用「更正收款账户」录入',
          "Does not match the number on the payee's own card or passbook; check it, or correct the account to the card's number",
          'account_mismatch',
        );
      }
      await repo.updateEntitlement(tx, id, {
        account_verified_at: at,
        account_verified_by: actor.id,
        account_verified_against: input.against,
      });
      const what = input.against === 'bankCard' ? '银行卡' : '存折';
      return {
        kind: 'account' as const,
        effective: monthOf(today(this.clock)),
        before: e.amount_fen,
        after: e.amount_fen,
        notice: false,
        reason: `收款账户 ${e.bank_name ?? ''} ${e.account_masked ?? ''} 经核对${e.payee_name}本人${what}确认`,
        audit: { action: 'assistance.account_verified', details: { against: input.against, masked: e.account_masked } },
      };
    });
  }

  /** 增发、减发、停发、恢复、终止: each from the first month not yet paid (or later, by the county's suspension policy), with a notice. */
  async applyChange(actor: Actor, id: string, input: EntitlementChange) {
    requireScope(actor, 'assistance.manage');
    const reason = input.reason.trim();
    if (reason.length < 2) throw badInput('reason', '请填写变更原因', 'Give the reason');
    return this.change(actor, id, input.expectedVersion, (tx, e) => this.changeOf(tx, e, { ...input, reason }));
  }

  /**
   * 定期核查 decided: the class and the next date are set; an amount that changed is adjusted under
   * the new computation (its rule version and inputs replace the old); an ineligible household ends.
   * Runs inside the re-verification case's transaction.
   */
  async reverifyIn(
    tx: Tx,
    actor: Actor,
    entitlementId: string,
    r: {
      outcome: 'continue' | 'adjust' | 'terminate';
      classCode: string;
      reverifyMonths: number;
      assessment: Assessment;
      inputs: unknown;
      reason: string;
    },
  ) {
    const e = await repo.lockEntitlementById(tx, entitlementId);
    const at = this.clock();
    const day = today(this.clock);
    if (r.outcome === 'terminate')
      return this.recordChange(tx, actor, e, await this.changeOf(tx, e, { kind: 'terminate', reason: r.reason }), at);
    const amount = r.assessment.monthlyAmountFen;
    await repo.updateEntitlement(tx, entitlementId, {
      class_code: r.classCode,
      next_reverification: addMonths(day, r.reverifyMonths),
    });
    if (r.outcome === 'adjust' && amount !== e.amount_fen) {
      await repo.updateEntitlement(tx, entitlementId, {
        rule_version_id: r.assessment.ruleVersionId,
        inputs: JSON.stringify(r.inputs),
        computation: JSON.stringify(r.assessment),
      });
      return this.recordChange(
        tx,
        actor,
        e,
        await this.changeOf(tx, e, {
          kind: amount > e.amount_fen ? 'increase' : 'decrease',
          amountFen: amount,
          reason: r.reason,
        }),
        at,
      );
    }
    return this.recordChange(
      tx,
      actor,
      e,
      {
        kind: 'reverify',
        effective: monthOf(day),
        before: e.amount_fen,
        after: e.amount_fen,
        reason: r.reason,
        notice: false,
      },
      at,
    );
  }

  private async changeOf(
    tx: Tx,
    e: EntitlementRow,
    input: { kind: ChangeKind; amountFen?: number | undefined; reason: string },
  ): Promise<Change> {
    const id = e.id;
    const reason = input.reason;
    const firstUnpaid = await this.firstUnpaidMonth(tx, e.beneficiary_id, e.programme, e.start_month);
    const rule = await this.rules.versionById(e.rule_version_id, tx);
    const policyMonth =
      'suspensionTakesEffect' in rule && rule.suspensionTakesEffect === 'sameMonth'
        ? monthOf(today(this.clock))
        : addMonths(monthOf(today(this.clock)), 1);
    const effective = [firstUnpaid, ['suspend', 'terminate'].includes(input.kind) ? policyMonth : firstUnpaid]
      .sort()
      .at(-1)!;
    const set = (values: Updateable<AssistanceEntitlementsTable>) => repo.updateEntitlement(tx, id, values);
    switch (input.kind) {
      case 'increase':
      case 'decrease': {
        const amount = input.amountFen;
        if (!Number.isInteger(amount) || amount! <= 0)
          throw badInput('amountFen', '请填写变更后的月保障金额', 'Give the new monthly amount in fen');
        if (e.status === 'terminated')
          throw conflict('entitlement_terminated', '已终止保障', 'The entitlement has ended');
        if ((input.kind === 'increase') !== amount! > e.amount_fen)
          throw badInput(
            'amountFen',
            input.kind === 'increase' ? '增发后的金额应高于现金额' : '减发后的金额应低于现金额',
            'The new amount does not match the kind of change',
          );
        await set({ amount_fen: amount! });
        return { kind: input.kind, effective, before: e.amount_fen, after: amount!, reason, notice: true };
      }
      case 'suspend':
        if (e.status !== 'active')
          throw conflict(
            'entitlement_not_active',
            '只有正常发放的对象可以停发',
            'Only an active entitlement can be suspended',
          );
        await set({ status: 'suspended', suspended_from: effective });
        return { kind: input.kind, effective, before: e.amount_fen, after: 0, reason, notice: true };
      case 'resume': {
        if (e.status !== 'suspended')
          throw conflict('entitlement_not_suspended', '该对象未停发', 'The entitlement is not suspended');
        await set({ status: 'active', suspended_from: null });
        return { kind: input.kind, effective: firstUnpaid, before: 0, after: e.amount_fen, reason, notice: true };
      }
      case 'terminate': {
        if (e.status === 'terminated')
          throw conflict('entitlement_terminated', '已终止保障', 'The entitlement has ended');
        await set({ status: 'terminated', last_month: addMonths(effective, -1) });
        await repo.deactivateMembers(tx, id);
        return { kind: input.kind, effective, before: e.amount_fen, after: 0, reason, notice: true };
      }
    }
  }

  private async firstUnpaidMonth(tx: Tx, beneficiaryId: string, programme: string, startMonth: string) {
    const last = await repo.lastPaidPeriod(tx, beneficiaryId, programme);
    if (!last) return startMonth;
    return [addMonths(last, 1), startMonth].sort().at(-1)!;
  }

  private async change(
    actor: Actor,
    id: string,
    expectedVersion: number,
    apply: (tx: Tx, e: EntitlementRow, at: Date) => Promise<Change>,
  ) {
    const scope = requireScope(actor, 'assistance.manage');
    return this.db.transaction().execute(async (tx) => {
      const e = await repo.lockEntitlementInScope(tx, id, scope);
      if (!e) throw notFound();
      if (e.version !== expectedVersion)
        throw conflict(
          'version_conflict',
          `保障信息已被他人更新（当前版本 ${e.version}），请刷新后重试`,
          `The entitlement changed (now version ${e.version}); reload and try again`,
          { currentVersion: e.version },
        );
      const at = this.clock();
      return this.recordChange(tx, actor, e, await apply(tx, e, at), at);
    });
  }

  /** The change's trace: the version moves on, the notice is issued, the change row and the audit entry are written. */
  private async recordChange(tx: Tx, actor: Actor, e: EntitlementRow, c: Change, at: Date) {
    await repo.updateEntitlement(tx, e.id, { version: e.version + 1 });
    const document = c.notice ? await this.issueNotice(tx, actor, e, c) : undefined;
    await repo.insertEntitlementChange(tx, {
      entitlement_id: e.id,
      kind: c.kind,
      effective_month: c.effective,
      amount_before_fen: c.before,
      amount_after_fen: c.after,
      reason: c.reason,
      actor_id: actor.id,
      actor_name: actor.displayName,
      at,
      document_id: document?.id ?? null,
    });
    await recordAudit(tx, {
      action: c.audit?.action ?? `assistance.${c.kind}`,
      actorId: actor.id,
      actorName: actor.username,
      ip: actor.ip ?? null,
      targetType: 'assistance_entitlement',
      targetId: e.id,
      divisionCode: e.division_code,
      details: { effective: c.effective, before: c.before, after: c.after, ...c.audit?.details },
    });
    return { id: e.id, version: e.version + 1, effectiveMonth: c.effective, document: document ?? null };
  }

  private async issueNotice(tx: Tx, actor: Actor, e: EntitlementRow, c: Change) {
    const dept = await repo.departmentLetterhead(tx, actor.departmentId);
    const label = CHANGE_LABELS[c.kind as ChangeKind];
    const issuedOn = today(this.clock);
    return this.documents.issue(tx, {
      kind: 'entitlementChange',
      prefix: 'BG',
      caseId: e.case_id,
      issuerDepartmentId: actor.departmentId,
      issuedOn,
      build: (number) => ({
        title: `最低生活保障${label}通知书`,
        number,
        issuer: dept.name,
        issuedOn,
        addressee: e.payee_name,
        body: [
          `经核查，决定对您家庭的${programmeName(e.programme)}予以${label}，自 ${c.effective.slice(0, 7)} 起执行。`,
          `原因：${c.reason}`,
        ],
        lines: [
          ['变更前月保障金额', `${yuanOf(c.before)} 元`],
          ['变更后月保障金额', `${yuanOf(c.after)} 元`],
        ],
        footer: [
          '如不服本决定，可自收到之日起六十日内申请行政复议，或者六个月内向人民法院提起行政诉讼。',
          `咨询电话：${dept.phone ?? ''}`,
        ],
      }),
    });
  }
}

type EntitlementRow = Selectable<AssistanceEntitlementsTable>;
