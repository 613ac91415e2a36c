import { type Actor, scopeOf } from '../../core/auth/actor.ts';
import { canonicalJson } from '../../core/audit/canonical.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import { sm3Hex } from '../../core/crypto/sm.ts';
import type { Db } from '../../core/db/database.ts';
import type { FileStore } from '../../core/documents/file-store.ts';
import { AppError, badInput, forbidden } from '../../core/errors.ts';
import { type Clock, shanghaiDateOf } from '../../core/time.ts';
import { renderCardPdf } from './card.pdf.ts';
import {
  findDivision,
  findPublication,
  insertPublication,
  listVillageConsultants,
  upsertConsultant,
} from './publications.repository.ts';
import { renderHandbookPdf } from './handbook.pdf.ts';
import { cardContent, type CurrentItems, handbookContent } from './publications.content.ts';

export type PublicationKind = 'card' | 'board' | 'handbook';

/**
 * The printed face of the catalogue: each publication is rendered from what it prints, and kept
 * under the SM3 of that content. When an item, an office or a consultant changes, the content —
 * and so the fingerprint — changes, and the next request renders a new PDF; until then the same
 * file is served. The date printed is not part of the fingerprint.
 */
export class PublicationsService {
  constructor(
    private readonly db: Db,
    private readonly files: FileStore,
    private readonly clock: Clock,
    private readonly guideUrl: () => string,
    private readonly items: CurrentItems,
  ) {}

  async pdf(kind: PublicationKind, scope: string): Promise<{ bytes: Buffer; fingerprint: string; fresh: boolean }> {
    const content =
      kind === 'handbook'
        ? await handbookContent(this.db, this.items, scope, this.guideUrl())
        : await cardContent(this.db, this.items, scope, this.guideUrl());
    const fingerprint = sm3Hex(canonicalJson({ kind, content } as never));
    const kept = await findPublication(this.db, kind, scope, fingerprint);
    if (kept) return { bytes: await this.files.get(kept.file_hash), fingerprint, fresh: false };
    const generatedOn = shanghaiDateOf(this.clock());
    const bytes =
      kind === 'handbook'
        ? await renderHandbookPdf(content as Awaited<ReturnType<typeof handbookContent>>, generatedOn)
        : await renderCardPdf(content as Awaited<ReturnType<typeof cardContent>>, kind, generatedOn);
    const stored = await this.files.put(this.db, bytes, ['application/pdf']);
    await insertPublication(this.db, { kind, scope, fingerprint, file_hash: stored.hash, generated_at: this.clock() });
    return { bytes, fingerprint, fresh: true };
  }

  /** Village consultants of a township (public: they are printed on the cards). */
  consultants(townshipCode: string) {
    return listVillageConsultants(this.db, townshipCode);
  }

  /** 便民服务咨询员: one per village, set by the centre that covers it. */
  async setConsultant(actor: Actor, divisionCode: string, input: { name: string; phone: string }) {
    const scope = scopeOf(actor, 'centre.manage');
    if (!scope) throw forbidden('centre.manage');
    const village = await findDivision(this.db, divisionCode);
    if (!village || village.level !== 5)
      throw new AppError(404, 'not_found', '村（社区）不存在', 'No such village or community');
    if (!scope.all && !village.path.startsWith(actor.divisionPath))
      throw new AppError(403, 'forbidden', '该村（社区）不在您的辖区内', 'The village is outside your jurisdiction');
    const name = input.name.trim();
    const phone = input.phone.trim();
    if (!name) throw badInput('name', '请填写姓名', 'Give a name');
    if (!/^[0-9-]{7,20}$/.test(phone)) throw badInput('phone', '电话号码格式不正确', 'Invalid phone number');
    return this.db.transaction().execute(async (tx) => {
      await upsertConsultant(tx, { division_code: divisionCode, name, phone, updated_at: this.clock() });
      await recordAudit(tx, {
        action: 'centre.consultant_set',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'division',
        targetId: divisionCode,
        divisionCode,
        details: { name },
      });
      return { divisionCode, name, phone };
    });
  }
}
