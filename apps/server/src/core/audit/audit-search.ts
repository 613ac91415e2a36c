import type { Executor } from '../db/database.ts';

export interface AuditFilter {
  action?: string | undefined;
  actor?: string | undefined;
  targetId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
}

/** Newest first; dates are Asia/Shanghai days. */
export async function searchAudit(db: Executor, f: AuditFilter) {
  let q = db.selectFrom('audit_log').selectAll();
  if (f.action) q = q.where('action', 'like', `${f.action}%`);
  if (f.actor) q = q.where('actor_name', '=', f.actor);
  if (f.targetId) q = q.where('target_id', '=', f.targetId);
  if (f.from) q = q.where('at', '>=', new Date(`${f.from}T00:00:00+08:00`));
  if (f.to) q = q.where('at', '<', new Date(Date.parse(`${f.to}T00:00:00+08:00`) + 86_400_000));
  return q.orderBy('seq', 'desc').limit(f.limit).execute();
}
