import { BUILTIN_ROLES, PERMISSIONS, type Permission } from '../core/auth/permissions.ts';
import { DEMO_USERS } from '../demo/demo.seed.ts';
import { CENTRE_PUBLIC_ROUTES } from './permission-matrix.centre.ts';
import { PORTAL_PAGES } from './web-assets.ts';

/**
 * What the permission matrix knows of every route of the route table beyond its rows: the routes
 * outside the API, the rows no single permission explains, and the record routes not yet probed
 * from outside the jurisdiction. A new route must appear in a row or in one of these lists, or the
 * matrix fails (issue 15).
 */
type Role = (typeof DEMO_USERS)[number]['username'];

/** API routes every signed-in member of staff may use, without their /api/v1 prefix. */
export const ANY_STAFF = [
  'GET /auth/me',
  'POST /auth/logout',
  'POST /auth/totp/begin',
  'POST /auth/totp/confirm',
  'GET /calendar/add-days',
  'GET /calendar/days/:date',
  'GET /case-types',
  'GET /departments',
  'GET /divisions/:code/children',
  'GET /organisations',
  'POST /attachments',
  'GET /calendar/years',
  'GET /divisions/:code/history',
  'POST /auth/password',
  'GET /catalogue/export',
];

/** API routes open to the public (the resident's own pages among them: her portal session is not a staff gate). */
export const PUBLIC = [
  'POST /auth/login',
  'GET /public/documents/verify/:code',
  'GET /public/cases/track',
  'GET /public/departments',
  'POST /public/resident/code',
  'POST /public/resident/session',
  'GET /public/resident/me',
  'DELETE /public/resident/session',
  'GET /public/assistance/notices',
  'POST /public/assistance/notices/:number/objections',
  'POST /public/assistance/applications',
  'GET /public/assistance/applications',
  'POST /public/care/opinions',
  'GET /public/villages',
  'GET /public/catalogue/items',
  'GET /public/catalogue/items/:code',
  ...CENTRE_PUBLIC_ROUTES,
];

/** Outside /api/v1 and open to all: health, the API documents, Open311 GeoReport v2, the built web pages (when built). */
export const OUTSIDE_API_PUBLIC = [
  'GET /healthz',
  'GET /readyz',
  'GET /api/docs',
  'GET /api/docs/json',
  'GET /api/docs/yaml',
  'GET /api/docs/static/*',
  'GET /api/docs/static/index.html',
  'GET /api/docs/static/swagger-initializer.js',
  'GET /open311/v2/services',
  'GET /open311/v2/services.json',
  'GET /open311/v2/services.xml',
  'GET /open311/v2/requests',
  'GET /open311/v2/requests.json',
  'GET /open311/v2/requests.xml',
  'GET /open311/v2/requests/:id',
  'POST /open311/v2/requests',
  'POST /open311/v2/requests.json',
  'POST /open311/v2/requests.xml',
  'GET /',
  'GET /*',
  'GET /console',
  'GET /console/',
  'GET /console/*',
  ...new Set(PORTAL_PAGES.map((p) => `GET ${p.replace(/\$\w+/g, '*')}`)),
];

/**
 * Rows that no single permission explains, and why that is right: the record decides (a case
 * action is allowed by the case type's workflow roles and the jurisdiction, not by one permission),
 * or every member of staff may call it.
 */
export const NOT_ONE_PERMISSION: Record<string, string> = {
  'POST /cases/:id/actions/:action':
    "the case type names the roles of each action; the case must be in the actor's reach (404 outside it)",
  'GET /notifications': 'every member of staff reads her own notifications',
  'POST /complaints/:id/send-back':
    "any lead department's staff may send back an order dispatched to it; the engine finds no order outside the actor's reach (404)",
};

/**
 * Routes on one record (a path parameter) with no row probing them from outside the jurisdiction,
 * each with what stands for that probe. Shrink this list: add an 'other' row and remove the line.
 */
const CONFIG = 'no division: county-wide configuration, changed only by an administrator whose scope is everything';
export const NO_OUTSIDE_PROBE: Record<string, string> = {
  // records without a division: county-wide configuration kept by an administrator whose scope is everything
  'POST /users/:id/roles': CONFIG,
  'DELETE /users/:id/roles/:role': CONFIG,
  'PUT /catalogue/items/:code': CONFIG,
  'PUT /complaints/routes/:category': CONFIG,
  'PUT /complaints/categories/:category/publication': CONFIG,
};

const roleOf = Object.fromEntries(DEMO_USERS.map((u) => [u.username, u.role])) as Record<Role, string>;
export const holdersOf = (permission: Permission, roles: readonly Role[]) =>
  roles.filter((r) => BUILTIN_ROLES.find((b) => b.code === roleOf[r])?.permissions.includes(permission));

/**
 * The permissions that explain a row: every role let in (any answer but 403) holds it. The tightest
 * ones (fewest holders) first; empty when no permission explains the row.
 */
export function explainingPermissions(expected: Record<Role, number>, roles: readonly Role[]): Permission[] {
  const admitted = roles.filter((r) => expected[r] !== 403);
  const all = PERMISSIONS.filter((p) => admitted.every((r) => holdersOf(p, roles).includes(r)));
  const tightest = Math.min(...all.map((p) => holdersOf(p, roles).length));
  return all.filter((p) => holdersOf(p, roles).length === tightest);
}
