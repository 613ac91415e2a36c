import { sql } from 'kysely';
import type { App } from '../../app.ts';
import { APP_ROLE, type Db, openDatabase } from '../db/database.ts';

/**
 * Runs `fn` with the owner's rights, as an operator with database access (or an attacker who has the
 * owner's password) would: on PGlite the session leaves the application role for a moment, on a
 * server a connection of its own signs in with DATABASE_URL's role (the tests' superuser).
 */
export async function asOwner<T>(app: App, fn: (owner: Db) => Promise<T>): Promise<T> {
  if (app.database.kind === 'pglite') {
    await sql`RESET ROLE`.execute(app.db);
    try {
      return await fn(app.db);
    } finally {
      await sql.raw(`SET ROLE ${APP_ROLE}`).execute(app.db);
    }
  }
  const owner = await openDatabase({ url: app.config.DATABASE_OWNER_URL ?? app.config.DATABASE_URL, poolSize: 1 });
  try {
    return await fn(owner.db);
  } finally {
    await owner.close();
  }
}
