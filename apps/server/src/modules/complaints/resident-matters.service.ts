import type { Satisfaction } from '@grassroots/contracts';
import type { CaseTypeRegistry } from '../../core/cases/case-type.ts';
import type { CaseService } from '../../core/cases/case.service.ts';
import type { Db } from '../../core/db/database.ts';
import { AppError } from '../../core/errors.ts';
import {
  findMatterByNumber,
  findResidentDocument,
  findResidentPhoto,
  listResidentMatters,
} from './resident-matters.repository.ts';

/**
 * 我的诉求: a resident signed in on the portal with her mobile follows her own matters — their state,
 * the reply, the written notices, her photos — and answers the callback herself. The blind index of
 * the phone she signed in with is her reach: anyone else's matter is not found.
 */
export class ResidentMattersService {
  constructor(
    private readonly db: Db,
    private readonly cases: CaseService,
    private readonly types: CaseTypeRegistry,
  ) {}

  /** Her own matters (found by the phone she signed in with): the state, the reply and its result. */
  async mine(phoneBidx: Buffer) {
    const rows = await listResidentMatters(this.db, phoneBidx);
    return rows.map(({ type_code, ...r }) => ({
      ...r,
      statusLabel: this.types.get(type_code)?.states[r.status]?.label ?? r.status,
      awaitingCallback: r.status === 'replied',
    }));
  }

  /** Her own matter, found by its number and the phone she signed in with: anyone else's is not found. */
  private async ownMatter(number: string, phoneBidx: Buffer) {
    const k = await findMatterByNumber(this.db, number);
    if (!k || !k.complainant_phone_bidx?.equals(phoneBidx))
      throw new AppError(404, 'not_found', '未找到您的这件诉求', 'No such matter of yours');
    return { caseId: k.id, complainantName: k.complainant_name };
  }

  /** A written notice of her own matter. */
  async document(number: string, documentId: string, phoneBidx: Buffer) {
    const doc = await findResidentDocument(this.db, number, documentId, phoneBidx);
    if (!doc) throw new AppError(404, 'not_found', '未找到这份文书', 'No such notice of yours');
    return doc;
  }

  /** A photo she attached to her own matter (on its opening entry). */
  async photo(number: string, hash: string, phoneBidx: Buffer) {
    const attached = await findResidentPhoto(this.db, number, hash, phoneBidx);
    if (!attached) throw new AppError(404, 'not_found', '未找到这张照片', 'No such photo of yours');
    return attached;
  }

  /** The complainant answers the callback on the portal, on her own matter. */
  async answerCallback(number: string, phoneBidx: Buffer, satisfaction: Satisfaction, comment: string) {
    const { caseId, complainantName } = await this.ownMatter(number, phoneBidx);
    return this.cases.actForResident(
      caseId,
      'callback',
      { satisfaction },
      comment.trim() || { satisfied: '满意', basicallySatisfied: '基本满意', dissatisfied: '不满意' }[satisfaction],
      complainantName ?? '诉求人',
    );
  }
}
