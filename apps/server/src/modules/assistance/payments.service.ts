import { createHash } from 'node:crypto';
import type { DraftCycle } from '@grassroots/contracts';
import { Readable } from 'node:stream';
import { type Actor, requireScope } from '../../core/auth/actor.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import type { PiiCipher } from '../../core/crypto/sm.ts';
import type { Db } from '../../core/db/database.ts';
import { formatNumber, nextSequenceValue } from '../../core/documents/numbering.ts';
import { SHEET_CONTENT_TYPES, type SheetFormat, writeSheet } from '../../core/documents/spreadsheet.ts';
import { HashingStream, readRows } from '../../core/documents/table-reader.ts';
import type { UploadLimits } from '../../core/documents/upload-limits.ts';
import { AppError, badInput, conflict } from '../../core/errors.ts';
import { type Clock, yearOf } from '../../core/time.ts';
import { BANK_TEMPLATES, bankFileRows, parseReturnRows, reconcile, yuanOf } from './bank-files.ts';
import { periodStart, programmeName } from './programmes.ts';
import * as cycles from './payment-cycles.repository.ts';
import * as repo from './payments.repository.ts';

const notFound = () =>
  new AppError(
    404,
    'not_found',
    '发放批次不存在或不在您的辖区内',
    'Payment cycle not found or outside your jurisdiction',
  );

/**
 * 社会化发放: a cycle is drafted from the active entitlements with control totals, approved by a
 * second person, exported as the bank's file, and settled by the bank's return file — all of it or
 * none. A household is paid once per programme and period: the database's unique index says so.
 */
export class PaymentsService {
  constructor(
    private readonly db: Db,
    private readonly cipher: PiiCipher,
    private readonly clock: Clock,
  ) {}

  async draft(actor: Actor, input: DraftCycle) {
    const scope = requireScope(actor, 'payment.prepare');
    const period = periodStart(input.programme, input.period);
    return this.db.transaction().execute(async (tx) => {
      const division = await cycles.findDivisionInScope(tx, input.divisionCode, scope);
      if (!division)
        throw badInput('divisionCode', '区划不存在或不在您的辖区内', 'Division not found or outside your jurisdiction');
      const exists = await cycles.findCycleFor(tx, input.programme, input.divisionCode, period);
      if (exists)
        throw conflict(
          'cycle_exists',
          `${input.period} 已有发放批次 ${exists.number}`,
          `A cycle for ${input.period} exists: ${exists.number}`,
          { id: exists.id },
        );
      const at = this.clock();
      const number = formatNumber('FF', yearOf(period), await nextSequenceValue(tx, 'payment_cycle', yearOf(period)));
      const cycle = await cycles.insertCycle(tx, {
        number,
        programme: input.programme,
        division_code: input.divisionCode,
        period,
        payment_count: 0,
        total_fen: 0,
        prepared_by: actor.id,
        prepared_at: at,
      });
      const file = await cycles.insertPaymentFile(tx, { cycle_id: cycle.id, seq: 1, payment_count: 0, total_fen: 0 });
      const totals = await repo.insertCyclePayments(tx, {
        cycleId: cycle.id,
        fileId: file.id,
        number,
        programme: input.programme,
        divisionPath: division.path,
        period,
      });
      // who is left out and why (no account; an account typed online that no clerk has checked yet)
      const skipped =
        totals.withoutAccount + totals.unverifiedAccount
          ? await repo.skippedForCycle(tx, { programme: input.programme, divisionPath: division.path, period })
          : [];
      if (totals.count === 0) {
        throw conflict(
          'nothing_to_pay',
          `${input.period} 没有应发放的对象${totals.unverifiedAccount ? `（${totals.unverifiedAccount} 户收款账户未经核对，暂不发放）` : ''}`,
          `Nobody is payable for ${input.period}${totals.unverifiedAccount ? ` (${totals.unverifiedAccount} with an unverified account)` : ''}`,
          { withoutAccount: totals.withoutAccount, unverifiedAccount: totals.unverifiedAccount, skipped },
        );
      }
      await cycles.updateCycle(tx, cycle.id, { payment_count: totals.count, total_fen: totals.totalFen });
      await cycles.updatePaymentFile(tx, file.id, { payment_count: totals.count, total_fen: totals.totalFen });
      await recordAudit(tx, {
        action: 'payment.cycle_drafted',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'payment_cycle',
        targetId: cycle.id,
        divisionCode: input.divisionCode,
        details: { number, period: input.period, ...totals },
      });
      return { id: cycle.id, number, ...totals, skipped };
    });
  }

  /** 复核: a second person approves; the control totals are re-counted from the payments and must agree. */
  async approve(actor: Actor, cycleId: string) {
    const scope = requireScope(actor, 'payment.approve');
    return this.db.transaction().execute(async (tx) => {
      const cycle = await cycles.lockCycleInScope(tx, cycleId, scope);
      if (!cycle) throw notFound();
      if (cycle.status !== 'draft')
        throw conflict('cycle_not_draft', '该批次已审核', 'The cycle is already approved', { status: cycle.status });
      if (cycle.prepared_by === actor.id)
        throw new AppError(
          403,
          'maker_checker',
          '制单人不能审核自己编制的批次',
          'The person who drafted a cycle may not approve it',
        );
      const totals = await repo.cycleTotals(tx, cycleId);
      if (totals.count !== cycle.payment_count || totals.totalFen !== Number(cycle.total_fen)) {
        throw conflict(
          'control_totals_differ',
          `明细 ${totals.count} 笔 ${yuanOf(totals.totalFen)} 元与控制数 ${cycle.payment_count} 笔 ${yuanOf(Number(cycle.total_fen))} 元不符`,
          'The payments do not add up to the control totals',
        );
      }
      await cycles.updateCycle(tx, cycleId, { status: 'approved', approved_by: actor.id, approved_at: this.clock() });
      await recordAudit(tx, {
        action: 'payment.cycle_approved',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'payment_cycle',
        targetId: cycleId,
        divisionCode: cycle.division_code,
        details: { number: cycle.number, ...totals },
      });
      return { id: cycleId, status: 'approved' as const };
    });
  }

  /**
   * The bank file of the approved cycle: the first time, the file made with the draft is stamped
   * (no payment row changes); later, a new file gathers the re-issued payments not yet sent.
   */
  async exportFile(actor: Actor, cycleId: string, templateCode: string) {
    const scope = requireScope(actor, 'payment.prepare');
    if (!BANK_TEMPLATES[templateCode])
      throw badInput('template', `没有银行模板 ${templateCode}`, `No bank template ${templateCode}`);
    return this.db.transaction().execute(async (tx) => {
      const cycle = await cycles.lockCycleInScope(tx, cycleId, scope);
      if (!cycle) throw notFound();
      if (cycle.status !== 'approved')
        throw conflict(
          'cycle_not_approved',
          '批次经复核后才能生成银行文件',
          'The cycle must be approved before its bank file is made',
        );
      const stamp = { bank_template: templateCode, exported_by: actor.id, exported_at: this.clock() };
      const unsent = await cycles.findUnsentFileById(tx, cycleId);
      let file: { id: string; seq: number; count: number; totalFen: number };
      if (unsent) {
        await cycles.updatePaymentFile(tx, unsent.id, stamp);
        file = { id: unsent.id, seq: unsent.seq, count: unsent.payment_count, totalFen: Number(unsent.total_fen) };
      } else {
        const seq = (await cycles.lastFileSeqById(tx, cycleId)) + 1;
        const created = await cycles.insertPaymentFile(tx, {
          cycle_id: cycleId,
          seq,
          payment_count: 0,
          total_fen: 0,
          ...stamp,
        });
        const sent = await repo.assignUnsentPayments(tx, cycleId, created.id);
        if (sent.length === 0)
          throw conflict('nothing_to_export', '没有待发送银行的支付', 'No payment is waiting to be sent');
        file = { id: created.id, seq, count: sent.length, totalFen: sent.reduce((sum, p) => sum + p.amount_fen, 0) };
        await cycles.updatePaymentFile(tx, created.id, { payment_count: file.count, total_fen: file.totalFen });
      }
      await recordAudit(tx, {
        action: 'payment.file_exported',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'payment_file',
        targetId: file.id,
        divisionCode: cycle.division_code,
        details: { number: cycle.number, seq: file.seq, count: file.count, totalFen: file.totalFen },
      });
      return file;
    });
  }

  /** The bank file's bytes; account numbers leave the system here, so every download is audited. */
  async downloadFile(actor: Actor, fileId: string, format: SheetFormat) {
    const scope = requireScope(actor, 'payment.prepare');
    const file = await cycles.findFileInScope(this.db, fileId, scope);
    if (!file) throw notFound();
    if (!file.bank_template)
      throw conflict(
        'file_not_exported',
        '批次复核并生成银行文件后才能下载',
        'The file is made once the cycle is approved and exported',
      );
    const payments = await repo.fileLinesById(this.db, fileId);
    const memo = `${programmeName(file.programme)} ${file.period.slice(0, 7)}`;
    const { header, rows } = bankFileRows(
      BANK_TEMPLATES[file.bank_template]!,
      payments.map((p) => ({
        reference: p.reference,
        payeeName: p.payee_name,
        bankName: p.bank_name,
        account: p.account_enc ? this.cipher.decrypt(p.account_enc) : '',
        amountFen: p.amount_fen,
        memo,
      })),
    );
    await this.db.transaction().execute((tx) =>
      recordAudit(tx, {
        action: 'payment.file_downloaded',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'payment_file',
        targetId: fileId,
        divisionCode: file.division_code,
        details: { number: file.number, seq: file.seq, format, rows: rows.length },
      }),
    );
    return {
      fileName: `${file.number}-${file.seq}.${format}`,
      contentType: SHEET_CONTENT_TYPES[format],
      body: await writeSheet(format, '代发明细', header, rows, [24, 12, 14, 22]),
    };
  }

  /** 回盘: refused whole, with every problem by line, unless it answers each payment of the file with its amount and the totals agree. */
  async importReturn(actor: Actor, fileId: string, bytes: Buffer, format: SheetFormat, limits?: UploadLimits) {
    const scope = requireScope(actor, 'payment.prepare');
    let header: string[] = [];
    const rows: Array<{ line: number; cells: string[] }> = [];
    for await (const item of readRows(Readable.from(bytes), format, new HashingStream(), limits)) {
      if ('header' in item) header = item.header;
      else rows.push(item);
    }
    const parsed = parseReturnRows(header, rows);
    return this.db.transaction().execute(async (tx) => {
      const file = await cycles.lockFileInScope(tx, fileId, scope);
      if (!file) throw notFound();
      if (!file.exported_at)
        throw conflict('file_not_exported', '该文件尚未发送银行', 'The file has not been sent to the bank');
      if (file.returned_at)
        throw conflict('already_reconciled', '该文件的回盘已导入', 'This file has already been reconciled');
      const payments = await repo.filePaymentsById(tx, fileId);
      const problems = [
        ...parsed.problems,
        ...(parsed.problems.some((p) => p.line === 1)
          ? []
          : reconcile(
              new Map(payments.map((p) => [p.reference, p.amount_fen])),
              { count: file.payment_count, totalFen: Number(file.total_fen) },
              parsed.lines,
            )),
      ];
      if (problems.length) {
        throw new AppError(
          422,
          'return_file_refused',
          `回盘文件有 ${problems.length} 处问题，整份未导入`,
          `The return file has ${problems.length} problem(s); nothing was imported`,
          'file',
          { problems: problems.sort((a, b) => a.line - b.line) },
        );
      }
      const at = this.clock();
      const byRef = new Map(payments.map((p) => [p.reference, p.id]));
      const paid = parsed.lines.filter((l) => l.paid).map((l) => byRef.get(l.reference)!);
      if (paid.length) await repo.markPaid(tx, paid, at);
      for (const l of parsed.lines.filter((x) => !x.paid)) {
        await repo.markFailed(tx, byRef.get(l.reference)!, l.reason, at);
      }
      const hash = createHash('sm3').update(bytes).digest('hex');
      await cycles.updatePaymentFile(tx, fileId, { returned_at: at, return_file_hash: hash });
      const failed = parsed.lines.length - paid.length;
      await recordAudit(tx, {
        action: 'payment.return_imported',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'payment_file',
        targetId: fileId,
        divisionCode: file.division_code,
        details: { number: file.number, paid: paid.length, failed, hash },
      });
      return { paid: paid.length, failed };
    });
  }

  /** 重新发放: a failed payment goes out again, once the account has been corrected after the failure. */
  async reissue(actor: Actor, paymentId: string | number) {
    const scope = requireScope(actor, 'payment.prepare');
    return this.db.transaction().execute(async (tx) => {
      const p = await repo.lockPaymentInScope(tx, paymentId, scope);
      if (!p)
        throw new AppError(
          404,
          'not_found',
          '支付记录不存在或不在您的辖区内',
          'Payment not found or outside your jurisdiction',
        );
      if (p.status !== 'failed')
        throw conflict(
          'payment_not_failed',
          '只有发放失败的支付可以重新发放',
          'Only a failed payment can be re-issued',
        );
      if (!p.account_changed_at || !p.settled_at || p.account_changed_at <= p.settled_at) {
        throw conflict(
          'account_not_fixed',
          '请先更正收款账户（失败后须变更账户才能重新发放）',
          'Correct the account first: a failed payment is re-issued only after the account changed',
        );
      }
      if (!p.account_verified_at)
        throw conflict(
          'account_unverified',
          '收款账户未经核对本人银行卡（存折），不能发放',
          "The account has not been verified against the payee's own card or passbook",
        );
      const base = p.reference.replace(/-R\d+$/, '');
      const earlier = await repo.reissueCount(tx, base);
      const row = await repo.insertPayment(tx, {
        cycle_id: p.cycle_id,
        entitlement_id: p.entitlement_id,
        household_id: p.household_id,
        beneficiary_id: p.beneficiary_id,
        programme: p.programme,
        period: p.period,
        amount_fen: p.amount_fen,
        reference: `${base}-R${earlier + 1}`,
        payee_name: p.payee_name,
        bank_name: p.bank_name,
        account_enc: p.account_enc,
        reissue_of: p.id,
      });
      await recordAudit(tx, {
        action: 'payment.reissued',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'payment',
        targetId: String(row.id),
        divisionCode: p.division_code,
        details: { of: p.reference, reference: row.reference },
      });
      return { id: String(row.id), reference: row.reference };
    });
  }

  async cycles(actor: Actor, programme?: string) {
    const scope = requireScope(actor, 'assistance.read');
    return cycles.listCyclesInScope(this.db, scope, programme);
  }

  async cycle(actor: Actor, cycleId: string) {
    const scope = requireScope(actor, 'assistance.read');
    const c = await cycles.findCycleInScope(this.db, cycleId, scope);
    if (!c) throw notFound();
    const files = await cycles.cycleFilesById(this.db, cycleId);
    const payments = await repo.attentionPaymentsById(this.db, cycleId);
    // households of the cycle's area and period still left out, with the reason (an account to enter or to verify)
    const { divisionPath, ...cycle } = c;
    const skipped = await repo.skippedForCycle(this.db, { programme: c.programme, divisionPath, period: c.period });
    return { ...cycle, byStatus: await repo.cycleStatusTotals(this.db, cycleId), files, attention: payments, skipped };
  }
}
