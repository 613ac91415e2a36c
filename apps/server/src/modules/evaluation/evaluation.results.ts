import type { EvaluationDimension } from '@grassroots/contracts';
import type { Scope } from '../../core/auth/actor.ts';
import type { Db } from '../../core/db/database.ts';
import { countResults } from './evaluation-figures.repository.ts';
import type { EvaluationPolicy } from './evaluation.service.ts';
import { summarise } from './evaluation.rules.ts';

/**
 * The published results (好差评公示) for a period, by department, window, staff member or item.
 * Reviews excluded by an upheld appeal are counted apart; catalogue services closed before the
 * rating window ended and never rated count as the policy says (the national default: 满意).
 * `scope` limits the departments to a reader's reach; the public figures pass none.
 */
export async function evaluationResults(
  db: Db,
  policy: EvaluationPolicy,
  q: { by: EvaluationDimension; from: string; to: string; now: Date; scope?: Scope | undefined },
) {
  const from = new Date(`${q.from}T00:00:00+08:00`);
  const to = new Date(Date.parse(`${q.to}T00:00:00+08:00`) + 86_400_000);
  const cutoff = new Date(q.now.getTime() - policy.unratedAfterDays * 86_400_000);
  const rows = await countResults(db, {
    by: q.by,
    from,
    to,
    cutoff,
    unratedAsSatisfied: policy.unratedAs === 'satisfied',
    scope: q.scope,
  });
  return rows.map((r) => ({
    key: r.key,
    label: r.label,
    ...summarise({
      total: r.total,
      levels: { 1: r.l1, 2: r.l2, 3: r.l3, 4: r.l4, 5: r.l5 },
      unratedCounted: r.unrated,
      excluded: r.excluded,
      bad: r.bad,
      rectified: r.rectified,
    }),
  }));
}
