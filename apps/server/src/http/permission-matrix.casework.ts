import { multipartFile, type Session } from '../../test/api-client.ts';
import { actorNamed } from '../../test/helpers.ts';
import { DEMO_PASSWORD } from '../demo/demo.seed.ts';
import type { MatrixContext, MatrixRow } from './permission-matrix.kit.ts';
import type { LoginOnce } from './permission-matrix.outside.ts';

/**
 * Case files, persons, 低保 and 优抚 records of the second township: a case attachment, an objection,
 * an online application, an entitlement, a beneficiary, a village's consultant, a registry import. Where no role of the
 * matrix holds the permission with a narrower reach than the county, the first centre's head (who
 * holds it over the first township only) is refused in the same row (issue 15).
 */
export function caseworkOutsideRows({ live, S, override }: MatrixContext, login: LoginOnce): MatrixRow[] {
  const call = (s: Session, method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) =>
    live().api.call(s, method, url, body);
  const township = async () => (await actorNamed(live().app, 'clerk2')).divisionCode;
  /** The first centre's head: person.reveal and centre.manage over the first township only. */
  const asCentreHead = () => login('centrehead');
  /** The same call by the first centre's head, refused (403/404), or the row fails. */
  const refusedToCentreHead = async (run: (s: Session) => Promise<{ statusCode: number; body: string }>) => {
    const res = await run(await asCentreHead());
    if (![403, 404].includes(res.statusCode))
      throw new Error(
        `the first centre's head reached a record of the second township: ${res.statusCode} ${res.body.slice(0, 200)}`,
      );
  };
  let attached: Promise<{ caseId: string; hash: string }> | undefined;
  /** A case of the second township with a scan attached by its clerk. */
  const attachmentOfOtherTownship = () =>
    (attached ??= (async () => {
      const s = await login('clerk2');
      const png = Buffer.from(
        '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cf00000301010018dd8db00000000049454e44ae426082',
        'hex',
      );
      const f = multipartFile('scan.png', Buffer.concat([png, Buffer.from('矩阵测试：另一乡镇的附件')]));
      const up = await live().api.call(s, 'POST', '/api/v1/attachments', f.body, f.headers);
      if (up.statusCode !== 201 && up.statusCode !== 200) throw new Error(`upload: ${up.statusCode} ${up.body}`);
      const hash = up.json().hash as string;
      const opened = await call(s, 'POST', '/api/v1/cases', {
        typeCode: 'service_application',
        title: '矩阵附件',
        subject: { type: 'person', id: live().fx.otherPerson },
        fields: { item: 'x' },
      });
      const caseId = opened.json().case.id as string;
      const accepted = await call(s, 'POST', `/api/v1/cases/${caseId}/actions/accept`, {
        expectedVersion: 1,
        attachments: [hash],
      });
      if (accepted.statusCode !== 200) throw new Error(`attach: ${accepted.statusCode} ${accepted.body}`);
      return { caseId, hash };
    })());
  let objected: Promise<string> | undefined;
  /** A case of the second township with an objection filed against its notice: the case id. */
  const objectionOfOtherTownship = () =>
    (objected ??= (async () => {
      const { caseId } = await attachmentOfOtherTownship();
      await live()
        .app.db.insertInto('assistance_objections')
        .values({ case_id: caseId, text: '矩阵：异议', contact_name: '矩阵', contact_phone_masked: '139****0000' })
        .execute();
      return caseId;
    })());
  let applied: Promise<string> | undefined;
  /** An online 低保 application from a household of the second township, not yet taken up. */
  const applicationOfOtherTownship = () =>
    (applied ??= (async () => {
      const { app, fx } = live();
      const member = await app.db
        .selectFrom('household_members as m')
        .innerJoin('households as h', 'h.id', 'm.household_id')
        .select(['h.id', 'h.division_code'])
        .where('m.person_id', '=', fx.otherPerson)
        .executeTakeFirstOrThrow();
      const row = await app.db
        .insertInto('assistance_online_applications')
        .values({
          programme: 'urbanMinimumAllowance',
          person_id: fx.otherPerson,
          household_id: member.id,
          division_code: member.division_code,
          resident_phone_bidx: app.cipher.blindIndex('13900009002'),
          reason: '矩阵：失业',
          filed_by: 'applicant',
          filer_person_id: fx.otherPerson,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    })());
  let beneficiary: Promise<string> | undefined;
  /** A 优抚 beneficiary of the second township: one already there, or one registered by the county's approver. */
  const beneficiaryOfOtherTownship = () =>
    (beneficiary ??= (async () => {
      const { app, fx } = live();
      const existing = await app.db
        .selectFrom('care_beneficiaries')
        .select('id')
        .where('division_code', 'like', `${await township()}%`)
        .orderBy('id')
        .executeTakeFirst();
      if (existing) return existing.id;
      const res = await live().api.call(await login('approver'), 'POST', '/api/v1/care/beneficiaries', {
        personId: fx.otherPerson,
        category: 'returnedIll',
        since: '2020-01-01',
      });
      if (res.statusCode !== 201) throw new Error(`beneficiary of the other township: ${res.statusCode} ${res.body}`);
      return (res.json().id ?? res.json().beneficiary.id) as string;
    })());
  let imported: Promise<string> | undefined;
  /** An import run by the second township's clerk, and a registry officer of the first township's office (scope: its subtree). */
  const importOfOtherTownship = () =>
    (imported ??= (async () => {
      const { app } = live();
      await app.users.create({
        username: 'registrar1',
        displayName: '矩阵registrar1',
        departmentCode: '140882-ZF1',
        password: DEMO_PASSWORD,
        roles: [{ role: 'registry_officer', scope: 'subtree' }],
      });
      const row = await app.db
        .insertInto('imports')
        .values({
          kind: 'persons',
          source: 'csv',
          file_name: '矩阵.csv',
          file_hash: '0'.repeat(64),
          mode: 'good_rows',
          status: 'done',
          errors: JSON.stringify([{ line: 2, field: '姓名', reason: '矩阵' }]),
          created_by: (await actorNamed(app, 'clerk2')).id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    })());
  /** The county's registry officer reads it; the first township's does not find it (404), checked in the same row. */
  const importRow = (endpoint: string, path: string): MatrixRow => ({
    endpoint,
    side: 'other',
    expected: S(200, 403, ['registrar']),
    run: async (s) => {
      const url = `/api/v1/imports/${await importOfOtherTownship()}${path}`;
      const narrow = await call(await login('registrar1'), 'GET', url);
      if (narrow.statusCode !== 404)
        throw new Error(`the first township's registry officer read an import of the second: ${narrow.statusCode}`);
      return (await call(s, 'GET', url)).statusCode;
    },
  });
  const count = async (table: 'cases' | 'care_pairings') =>
    (
      await live()
        .app.db.selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
  const CASE_READERS = override(S(200, 404, ['supervisor', 'approver']), {
    registrar: 403,
    sysadmin: 403,
    secadmin: 403,
    auditor: 403,
    payer: 403,
  });
  return [
    importRow('GET /imports/:id', ''),
    importRow('GET /imports/:id/errors.csv', '/errors.csv'),
    {
      endpoint: 'GET /cases/:id/attachments/:hash',
      side: 'other',
      run: async (s) => {
        const { caseId, hash } = await attachmentOfOtherTownship();
        return (await call(s, 'GET', `/api/v1/cases/${caseId}/attachments/${hash}`)).statusCode;
      },
      expected: CASE_READERS,
    },
    {
      endpoint: 'GET /assistance/cases/:id/objections',
      side: 'other',
      // a list: readers outside the case's reach get it empty; those whose reach covers it see the objection
      run: async (s, role) => {
        const res = await call(s, 'GET', `/api/v1/assistance/cases/${await objectionOfOtherTownship()}/objections`);
        if (res.statusCode === 200 && res.json().length !== (['supervisor', 'approver'].includes(role) ? 1 : 0))
          throw new Error(`${role} read ${res.json().length} objections of the second township`);
        return res.statusCode;
      },
      expected: S(200, 403, ['clerk', 'reviewer', 'head', 'community', 'supervisor', 'township', 'approver']),
    },
    {
      endpoint: 'POST /assistance/online-applications/:id/take-up',
      side: 'other',
      run: async (s) => {
        const before = await count('cases');
        const res = await call(
          s,
          'POST',
          `/api/v1/assistance/online-applications/${await applicationOfOtherTownship()}/take-up`,
        );
        if (res.statusCode >= 300 && (await count('cases')) !== before)
          throw new Error('a refused take-up opened a case');
        return res.statusCode;
      },
      expected: S(404, 403, ['clerk', 'community', 'township']),
    },
    {
      endpoint: 'POST /assistance/entitlements/:id/changes',
      side: 'other',
      // inside the approver's county the stale version is the answer; outside the township's, not found
      run: async (s) =>
        (
          await call(s, 'POST', `/api/v1/assistance/entitlements/${live().fx.otherEntitlement}/changes`, {
            kind: 'suspend',
            reason: '矩阵',
            expectedVersion: 999,
          })
        ).statusCode,
      expected: override(S(409, 403, ['approver']), { township: 404 }),
    },
    {
      endpoint: 'POST /care/beneficiaries/:id/pairings',
      side: 'other',
      run: async (s) => {
        const id = await beneficiaryOfOtherTownship();
        const before = await count('care_pairings');
        const res = await call(s, 'POST', `/api/v1/care/beneficiaries/${id}/pairings`, {
          cadreId: (await actorNamed(live().app, 'clerk2')).id,
          plan: { time: '每月', content: '走访', plan: '帮扶', goal: '稳定', effect: '良好' },
        });
        if (res.statusCode >= 300 && (await count('care_pairings')) !== before)
          throw new Error('a refused pairing was stored');
        return res.statusCode;
      },
      expected: override(S(201, 403, ['approver']), { township: 404 }),
    },
    {
      endpoint: 'POST /persons/:id/reveal',
      side: 'other',
      // every role of the matrix holding person.reveal reaches the county; the first centre's head does not reach the second township
      run: async (s) => {
        await refusedToCentreHead((h) =>
          call(h, 'POST', `/api/v1/persons/${live().fx.otherPerson}/reveal`, { reason: '矩阵测试' }),
        );
        return (await call(s, 'POST', `/api/v1/persons/${live().fx.otherPerson}/reveal`, { reason: '矩阵测试' }))
          .statusCode;
      },
      expected: S(200, 403, ['head', 'registrar', 'approver']),
    },
    {
      endpoint: 'PUT /centre/consultants/:divisionCode',
      side: 'other',
      // the system administrator and 民政局's head reach the county; the first centre's head is refused the second township's village, which keeps its consultant
      run: async (s) => {
        const { app } = live();
        const village = (
          await app.db
            .selectFrom('divisions')
            .select('code')
            .where('parent_code', '=', await township())
            .where('level', '=', 5)
            .orderBy('code')
            .executeTakeFirstOrThrow()
        ).code;
        const consultant = async () =>
          JSON.stringify(
            (await app.db
              .selectFrom('village_consultants')
              .selectAll()
              .where('division_code', '=', village)
              .executeTakeFirst()) ?? null,
          );
        const before = await consultant();
        await refusedToCentreHead((h) =>
          call(h, 'PUT', `/api/v1/centre/consultants/${village}`, { name: '越权', phone: '13900000001' }),
        );
        if ((await consultant()) !== before) throw new Error('a refused write changed the consultant');
        return (await call(s, 'PUT', `/api/v1/centre/consultants/${village}`, { name: '矩阵', phone: '13900000000' }))
          .statusCode;
      },
      expected: S(200, 403, ['sysadmin', 'head']),
    },
  ];
}
