import type { AuditQuery } from '@grassroots/contracts';
import { type Actor, requirePermission } from '../auth/actor.ts';
import type { Db } from '../db/database.ts';
import { writeSheet } from '../documents/spreadsheet.ts';
import { recordAudit } from './audit.ts';
import { searchAudit } from './audit-search.ts';

/** The entries the filter finds, to read (audit.read). */
export async function readAuditLog(db: Db, actor: Actor, query: AuditQuery) {
  requirePermission(actor, 'audit.read');
  return searchAudit(db, query);
}

/**
 * The same entries as a CSV file to take away (audit.export). Taking them away is itself an
 * entry of the log, committed before the file leaves.
 */
export async function exportAuditLog(db: Db, actor: Actor, query: AuditQuery): Promise<Buffer> {
  requirePermission(actor, 'audit.export');
  const rows = await searchAudit(db, query);
  await db.transaction().execute((tx) =>
    recordAudit(tx, {
      action: 'audit.export',
      actorId: actor.id,
      actorName: actor.username,
      ip: actor.ip ?? null,
      details: { filter: query, rows: rows.length },
    }),
  );
  // a username typed at the login form lands here: the export helper keeps it from running as a formula
  return writeSheet(
    'csv',
    'audit',
    ['seq', 'at', 'actor', 'action', 'target_type', 'target_id', 'ip', 'socket_ip', 'details', 'hash'],
    rows.map((r) => [
      r.seq,
      r.at.toISOString(),
      r.actor_name,
      r.action,
      r.target_type,
      r.target_id,
      r.ip,
      r.socket_ip,
      JSON.stringify(r.details),
      r.hash,
    ]),
  );
}
