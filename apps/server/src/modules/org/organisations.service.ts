import type { NewOrganisation } from '@grassroots/contracts';
import { type Actor, requirePermission } from '../../core/auth/actor.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import type { Db } from '../../core/db/database.ts';
import { badInput, conflict } from '../../core/errors.ts';
import { creditCodeRegistered, divisionExists, insertOrganisation } from './org.repository.ts';

/** Registers an outside party (物业公司, 企业, 银行); a credit code is registered once. */
export async function registerOrganisation(db: Db, actor: Actor, ip: string, b: NewOrganisation) {
  requirePermission(actor, 'department.manage');
  return db.transaction().execute(async (tx) => {
    if (!(await divisionExists(tx, b.divisionCode))) throw badInput('divisionCode', '区划不存在', 'Division not found');
    if (b.creditCode && (await creditCodeRegistered(tx, b.creditCode)))
      throw conflict('organisation_exists', '该统一社会信用代码已登记', 'This credit code is registered');
    const r = await insertOrganisation(tx, {
      name: b.name,
      kind: b.kind,
      credit_code: b.creditCode ?? null,
      division_code: b.divisionCode,
      phone: b.phone ?? null,
    });
    await recordAudit(tx, {
      action: 'organisation.create',
      actorId: actor.id,
      actorName: actor.username,
      ip,
      targetType: 'organisation',
      targetId: r.id,
      divisionCode: b.divisionCode,
      details: b,
    });
    return r;
  });
}
