import { expect } from 'vitest';
import type { ApiClient, Session } from '../../test/api-client.ts';
import type { App } from '../compose.ts';
import { DEMO_USERS } from '../demo/demo.seed.ts';

/**
 * What every file of the permission matrix shares: the roles of its columns, the shape of a row, and
 * the context a file of rows is given (issue 15). The spec builds the context once its fixtures exist.
 */
export type Role = (typeof DEMO_USERS)[number]['username'];

/**
 * The matrix's columns. The second township's clerk, the first centre's head and the hotline operator
 * are tested apart: the clerk is the other township's actor, the other two have specs of their own.
 */
export const ROLES = DEMO_USERS.map((u) => u.username).filter(
  (u) => u !== 'clerk2' && u !== 'centrehead' && u !== 'operator',
) as Role[];

export const ZERO = '00000000-0000-0000-0000-000000000000';

/** "own" records lie in the first township (the clerk's, containing the community worker's village); "other" in the second. */
export interface MatrixFixtures {
  ownPerson: string;
  otherPerson: string;
  communityVillage: string;
  otherEntitlement: string;
}

/** What the matrix's rows of one area are given: the client, the fixtures and the expectation builders. */
export interface MatrixContext {
  /** the client, app and fixtures exist only once the spec's beforeAll has run: read them when a row runs */
  live: () => { app: App; api: ApiClient; fx: MatrixFixtures; sessions: Record<Role, Session> };
  S: (ok: number, rest: number, allowed: Role[]) => Record<Role, number>;
  override: (base: Record<Role, number>, changes: Partial<Record<Role, number>>) => Record<Role, number>;
  uploadHeaderOnlyCsv: (s: Session, url: string) => Promise<number>;
  /** Opens a service application on a person as the first or the second township's clerk: the case id. */
  openAs: (username: 'clerk' | 'clerk2', personId: string) => Promise<string>;
}

/** One endpoint on own or other records: the status each role of the matrix gets. */
export interface MatrixRow {
  endpoint: string;
  side: 'own' | 'other';
  run: (s: Session, role: Role) => Promise<number>;
  expected: Record<Role, number>;
}

/** `ok` for the roles allowed, `rest` for every other role of the matrix. */
export const S = (ok: number, rest: number, allowed: Role[]) =>
  Object.fromEntries(ROLES.map((r) => [r, allowed.includes(r) ? ok : rest])) as Record<Role, number>;

export const override = (base: Record<Role, number>, changes: Partial<Record<Role, number>>) => ({
  ...base,
  ...changes,
});

export function matrixContext(live: MatrixContext['live']): MatrixContext {
  return {
    live,
    S,
    override,
    /** A CSV with only its heading row, as a multipart upload: enough to reach the permission check. */
    async uploadHeaderOnlyCsv(s, url) {
      const boundary = '----m';
      const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.csv"\r\nContent-Type: text/csv\r\n\r\n公民身份号码,姓名,所属村社区代码\r\n--${boundary}--\r\n`;
      return (
        await live().api.call(s, 'POST', url, body, { 'content-type': `multipart/form-data; boundary=${boundary}` })
      ).statusCode;
    },
    async openAs(username, personId) {
      const { api, sessions } = live();
      const res = await api.call(sessions[username], 'POST', '/api/v1/cases', {
        typeCode: 'service_application',
        title: '矩阵',
        subject: { type: 'person', id: personId },
        fields: { item: 'x' },
      });
      expect(res.statusCode).toBe(201);
      return res.json().case.id as string;
    },
  };
}
