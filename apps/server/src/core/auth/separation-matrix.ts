/**
 * 三权分立: who may create a user holding, grant, or revoke which role — the matrix published in
 * docs/SECURITY.md, as data. The enforcement is written as rules in users.service.ts; the test
 * (http/separation.api.spec.ts) walks every cell of this table through the HTTP API, so the rules
 * and the published matrix cannot drift apart.
 */
export const MATRIX_ACTORS = [
  'system_admin',
  'security_admin',
  'audit_admin',
  'business_staff',
  'command_line',
] as const;
export const MATRIX_OPERATIONS = ['create', 'grant', 'revoke'] as const;
/** the three administrator roles, and `reviewer` standing for every ordinary (business) role */
export const MATRIX_ROLES = ['system_admin', 'security_admin', 'audit_admin', 'reviewer'] as const;

export type MatrixActor = (typeof MATRIX_ACTORS)[number];
export type MatrixOperation = (typeof MATRIX_OPERATIONS)[number];
export type MatrixRole = (typeof MATRIX_ROLES)[number];
export type Verdict = 'allowed' | 'refused';

const all = (v: Verdict): Record<MatrixRole, Verdict> => ({
  system_admin: v,
  security_admin: v,
  audit_admin: v,
  reviewer: v,
});
const ordinaryOnly: Record<MatrixRole, Verdict> = {
  system_admin: 'refused',
  security_admin: 'refused',
  audit_admin: 'refused',
  reviewer: 'allowed',
};

export const SEPARATION_MATRIX: Record<MatrixActor, Record<MatrixOperation, Record<MatrixRole, Verdict>>> = {
  // the system administrator runs the platform (divisions, departments, calendar, configuration), not accounts
  system_admin: { create: all('refused'), grant: all('refused'), revoke: all('refused') },
  // the security administrator manages staff accounts and business roles, never an administrator role
  security_admin: { create: ordinaryOnly, grant: ordinaryOnly, revoke: ordinaryOnly },
  // the audit administrator only reads and verifies the audit log
  audit_admin: { create: all('refused'), grant: all('refused'), revoke: all('refused') },
  // a business role (here the department head) has no say over accounts
  business_staff: { create: all('refused'), grant: all('refused'), revoke: all('refused') },
  // the operator on the server (grassroots users create …), under the organisation's procedure, audited as 'cli'
  command_line: { create: all('allowed'), grant: all('allowed'), revoke: all('allowed') },
};

/** Besides the table: through the API nobody changes the roles of an account holding an administrator role, nor their own. */
export const MATRIX_ACTOR_USERS: Record<Exclude<MatrixActor, 'command_line'>, string> = {
  system_admin: 'sysadmin',
  security_admin: 'secadmin',
  audit_admin: 'auditor',
  business_staff: 'head',
};
