import type { FiguresQuery } from '@grassroots/contracts';
import { type Actor, requireScope } from '../../core/auth/actor.ts';
import type { Db } from '../../core/db/database.ts';
import {
  countFigures,
  countOpenOrdersByDepartment,
  listCentreSteps,
  listOverdueOrders,
} from './complaint-reports.repository.ts';

/** What the coordination centre watches (the board, within the actor's reach) and what it publishes (the figures). */
export class CoordinationService {
  constructor(private readonly db: Db) {}

  /**
   * The coordination board, within the actor's reach: open work orders by lead department — waiting
   * to be signed for, being handled, replied (awaiting the callback), overdue —, the supervision list
   * of overdue orders with the escalation steps taken, and the orders waiting for the centre itself.
   */
  async board(actor: Actor) {
    const scope = requireScope(actor, 'complaint.manage');
    const byDepartment = await countOpenOrdersByDepartment(this.db, scope);
    const supervision = await listOverdueOrders(this.db, scope);
    const centreSteps = await listCentreSteps(this.db, scope);
    return { byDepartment, supervision, centreSteps };
  }

  /**
   * 事事有回音: the published figures of a period — received, settled, settled on time, callbacks
   * satisfied, and repeated matters (the same complainant again, or a continuation) — by department
   * (the lead) or by category.
   */
  async figures(q: FiguresQuery) {
    const from = new Date(`${q.from}T00:00:00+08:00`);
    const to = new Date(Date.parse(`${q.to}T00:00:00+08:00`) + 86_400_000);
    const rows = await countFigures(this.db, from, to, q.by);
    return rows.map((r) => ({
      ...r,
      onTimeRate: r.settled ? Math.round((r.onTime / r.settled) * 1000) / 10 : null,
      satisfactionRate: r.calledBack ? Math.round((r.satisfied / r.calledBack) * 1000) / 10 : null,
    }));
  }
}
