import { CaseSubjectType } from '@grassroots/contracts';
import { sql } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import type { Executor } from '../db/database.ts';

export type SubjectType = (typeof CaseSubjectType.options)[number];
const KNOWN: readonly string[] = CaseSubjectType.options;

/** What a case is opened on, as the case stores it: the subject, its name then, and the division that decides the reach. */
export interface CaseSubject {
  id: string;
  name: string;
  divisionCode: string;
  divisionPath: string;
}

/**
 * Finds one subject of a type the module owns, only inside the actor's reach (`subjectReach`):
 * undefined when it does not exist or lies outside it, and the engine answers both alike.
 */
export type SubjectResolver = (db: Executor, id: string, actor: Actor) => Promise<CaseSubject | undefined>;

/** The subject types a module resolves (its manifest's `subjects`): the core names none of their tables. */
export type SubjectResolvers = Partial<Record<SubjectType, SubjectResolver>>;

/**
 * Where a subject must lie for the actor to open a case on it: the division-path prefix of her
 * department, or undefined when any of her grants reaches everywhere (departments own no persons:
 * their division subtree counts).
 */
export function subjectReach(actor: Actor): string | undefined {
  return actor.grants.some((g) => g.scope === 'all') ? undefined : actor.divisionPath;
}

/**
 * The usual resolver: a row of the module's `table` by id, named by its `nameColumn` (or `unnamed` when
 * that is empty, as for an anonymous complainant), in reach by the path of its `division_code`. The
 * module names its table; the core only joins it to the divisions.
 */
export function subjectInDivision(table: string, nameColumn: string, unnamed?: string): SubjectResolver {
  const name = sql.ref(`s.${nameColumn}`);
  return async (tx, id, actor) => {
    const reach = subjectReach(actor);
    const { rows } = await sql<{ id: string; name: string; division_code: string; path: string }>`
      SELECT s.id, ${unnamed === undefined ? name : sql`coalesce(${name}, ${unnamed})`} AS name, s.division_code, d.path
      FROM ${sql.table(table)} s JOIN divisions d ON d.code = s.division_code
      WHERE s.id = ${id} ${reach === undefined ? sql`` : sql`AND d.path LIKE ${`${reach}%`}`}`.execute(tx);
    const row = rows[0];
    return row && { id: row.id, name: row.name, divisionCode: row.division_code, divisionPath: row.path };
  };
}

/** The resolvers of every module, by subject type: the composition root registers them, the engine asks them. */
export class SubjectRegistry {
  private readonly resolvers = new Map<SubjectType, SubjectResolver>();

  register(module: string, resolvers: SubjectResolvers): void {
    for (const [type, resolver] of Object.entries(resolvers)) {
      if (!KNOWN.includes(type))
        throw new Error(`module ${module} resolves subject type ${type}, which cases do not know`);
      if (this.resolvers.has(type as SubjectType))
        throw new Error(`module ${module} resolves subject type ${type}, which another module already resolves`);
      this.resolvers.set(type as SubjectType, resolver);
    }
  }

  get(type: SubjectType): SubjectResolver | undefined {
    return this.resolvers.get(type);
  }

  has(type: SubjectType): boolean {
    return this.resolvers.has(type);
  }
}
