import type { App } from '../../compose.ts';
import { asOwner as asDatabaseOwner } from '../db/app-role.ts';
import type { Db } from '../db/database.ts';

/**
 * Runs `fn` with the owner's rights, as an operator with database access (or an attacker who has the
 * owner's password) would: on PGlite the session leaves the application role for a moment, on a
 * server a connection of its own signs in with the owner's URL (the tests' superuser).
 */
export function asOwner<T>(app: App, fn: (owner: Db) => Promise<T>): Promise<T> {
  return asDatabaseOwner(app.database, app.config, (owner) => fn(owner.db));
}
