import { CompiledQuery } from 'kysely';
import type { Executor } from '../db/database.ts';

/**
 * Sends a command's writes as one statement: each write a data-modifying CTE of `WITH w0 AS (…),
 * w1 AS (…) SELECT`, its parameters renumbered after the previous ones'. PostgreSQL runs every such
 * CTE once and to completion whether or not the statement reads it, and all see the same snapshot:
 * so no write may depend on another's effect (the caller makes ids up front instead of reading them
 * back), and none may have a WITH of its own (a data-modifying CTE must be at the top level). One
 * round trip instead of one per write; the statement is atomic, and inside a transaction it commits
 * or rolls back with it.
 */
export async function writeAsOne(tx: Executor, writes: readonly CompiledQuery[]): Promise<void> {
  if (writes.length === 0) return;
  if (writes.length === 1) {
    await tx.executeQuery(writes[0]!);
    return;
  }
  const parameters: unknown[] = [];
  const parts = writes.map((write, i) => {
    const text = write.sql.trim();
    if (/^with\b/i.test(text)) throw new Error(`write ${i} has its own WITH: it cannot be a CTE`);
    // renumbering by pattern is safe only where every `$` is a parameter: no literal or dollar quote holds one
    if (/\$(?!\d)/.test(text)) throw new Error(`write ${i} has a '$' that is no parameter`);
    const offset = parameters.length;
    parameters.push(...write.parameters);
    return `w${i} AS (${text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`;
  });
  await tx.executeQuery(CompiledQuery.raw(`WITH ${parts.join(',\n')}\nSELECT`, parameters));
}
