import { type Actor, requireScope, scopeOf } from '../../core/auth/actor.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import { findCaseInScope } from '../../core/cases/case.repository.ts';
import type { PiiCipher } from '../../core/crypto/sm.ts';
import type { Db } from '../../core/db/database.ts';
import { AppError, badInput, forbidden } from '../../core/errors.ts';
import { getComplainantPhoneById, getMatterById } from './complaints.repository.ts';

const notFound = () =>
  new AppError(404, 'not_found', '诉求不存在或不在您的辖区内', 'Matter not found or outside your jurisdiction');

/**
 * The matter behind a work order or petition, as those handling it need it on the case page: what,
 * where (address and map point), who complains (the phone masked) and about whom. The phone is
 * revealed only to the coordination centre or to a holder of person.reveal, with a reason, audited.
 */
export class MatterService {
  constructor(
    private readonly db: Db,
    private readonly cipher: PiiCipher,
  ) {}

  async ofCase(actor: Actor, caseId: string) {
    const c = await findCaseInScope(this.db, caseId, requireScope(actor, 'case.read'));
    if (!c || c.subject_type !== 'complaint') throw notFound();
    const k = await getMatterById(this.db, c.subject_id);
    return { ...k, canRevealPhone: !!this.revealScope(actor) && k.phone !== null };
  }

  async revealPhone(actor: Actor, caseId: string, reason: string) {
    const scope = this.revealScope(actor);
    if (!scope) throw forbidden('person.reveal');
    if (!reason.trim())
      throw badInput('reason', '查看完整号码需要说明理由', 'A reason is required to reveal the phone');
    const c = await findCaseInScope(this.db, caseId, scope);
    if (!c || c.subject_type !== 'complaint') throw notFound();
    const k = await getComplainantPhoneById(this.db, c.subject_id);
    if (!k.complainant_phone_enc)
      throw new AppError(404, 'no_phone', '诉求人未留电话', 'The complainant left no phone');
    const phone = this.cipher.decrypt(k.complainant_phone_enc);
    await this.db.transaction().execute((tx) =>
      recordAudit(tx, {
        action: 'complaint.phone.reveal',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'case',
        targetId: caseId,
        divisionCode: k.division_code,
        details: { reason: reason.trim() },
      }),
    );
    return { phone };
  }

  /** the centre, which calls complainants back, or whoever may reveal personal information */
  private revealScope(actor: Actor) {
    return scopeOf(actor, 'complaint.manage') ?? scopeOf(actor, 'person.reveal');
  }
}
