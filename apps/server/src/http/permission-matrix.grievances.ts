import type { Session } from '../../test/api-client.ts';
import { actorNamed } from '../../test/helpers.ts';
import { type MatrixContext, type MatrixRow, ZERO } from './permission-matrix.kit.ts';

/**
 * The complaints module's routes: hotline work orders (12345), disputes (矛盾纠纷) and joint meetings (联席会议),
 * every role × own records, and the second township's order and dispute probed from outside.
 */
export function grievanceMatrixRows({ live, S }: MatrixContext): MatrixRow[] {
  const call = (s: Session, method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) =>
    live().api.call(s, method, url, body);
  let otherDispute: Promise<string> | undefined;
  const disputeOfOtherTownship = () =>
    (otherDispute ??= (async () => {
      const { app, api } = live();
      const village = (
        await app.db
          .selectFrom('divisions')
          .select('code')
          .where('parent_code', '=', (await actorNamed(app, 'clerk2')).divisionCode)
          .orderBy('code')
          .executeTakeFirstOrThrow()
      ).code;
      const res = await api.call(await api.login('operator'), 'POST', '/api/v1/disputes', {
        title: '矩阵纠纷',
        categoryCode: 'property',
        divisionCode: village,
        parties: [
          { kind: 'person', name: '甲' },
          { kind: 'person', name: '乙' },
        ],
        facts: '矩阵测试：另一乡镇的纠纷',
      });
      if (res.statusCode !== 201) throw new Error(`dispute of the other township: ${res.statusCode} ${res.body}`);
      return (res.json().id ?? res.json().dispute.id) as string;
    })());
  let otherMatter: Promise<string> | undefined;
  /** A hotline work order about a village of the second township, registered by the operator (once): its case id. */
  const matterOfOtherTownship = () =>
    (otherMatter ??= (async () => {
      const { app, api } = live();
      const township = (await actorNamed(app, 'clerk2')).divisionCode;
      const village = (
        await app.db
          .selectFrom('divisions')
          .select('code')
          .where('parent_code', '=', township)
          .orderBy('code')
          .executeTakeFirstOrThrow()
      ).code;
      const operator = await api.login('operator');
      const res = await api.call(operator, 'POST', '/api/v1/complaints', {
        channel: 'hotline',
        categoryCode: 'property.services',
        divisionCode: village,
        address: '矩阵小区',
        description: '矩阵测试：另一乡镇的诉求',
        complainant: { name: '矩阵', phone: '13600009999' },
      });
      if (res.statusCode !== 201) throw new Error(`matter of the other township: ${res.statusCode} ${res.body}`);
      return res.json().case.id as string;
    })());
  const row = (
    endpoint: string,
    run: (s: Session) => Promise<{ statusCode: number }>,
    expected: ReturnType<MatrixContext['S']>,
  ): MatrixRow => ({ endpoint, side: 'own', run: async (s) => (await run(s)).statusCode, expected });
  return [
    // the hotline operator is tested apart (complaints.api.spec); no role of the matrix registers or dispatches
    row('POST /complaints', (s) => call(s, 'POST', '/api/v1/complaints', {}), S(403, 403, [])),
    row(
      'GET /complaints/by-case/:id',
      (s) => call(s, 'GET', `/api/v1/complaints/by-case/${ZERO}`),
      S(404, 403, ['clerk', 'reviewer', 'head', 'community', 'supervisor', 'township', 'approver']),
    ),
    // a hotline matter in the second township: no worker of the first township finds it, nor its caller's phone
    {
      endpoint: 'GET /complaints/by-case/:id',
      side: 'other',
      run: async (s) =>
        (await call(s, 'GET', `/api/v1/complaints/by-case/${await matterOfOtherTownship()}`)).statusCode,
      expected: {
        ...S(200, 403, ['supervisor', 'approver']),
        clerk: 404,
        reviewer: 404,
        head: 404,
        community: 404,
        township: 404,
      },
    },
    {
      endpoint: 'POST /complaints/by-case/:id/reveal-phone',
      side: 'other',
      run: async (s) =>
        (
          await call(s, 'POST', `/api/v1/complaints/by-case/${await matterOfOtherTownship()}/reveal-phone`, {
            reason: '矩阵',
          })
        ).statusCode,
      // the registrar's and the approver's reach is the county; 民政局's head reaches her department's cases only
      expected: { ...S(200, 403, ['approver', 'registrar']), head: 404 },
    },
    row(
      'POST /complaints/by-case/:id/reveal-phone',
      (s) => call(s, 'POST', `/api/v1/complaints/by-case/${ZERO}/reveal-phone`, { reason: '矩阵' }),
      S(404, 403, ['head', 'approver', 'registrar']),
    ),
    row('GET /complaints/board', (s) => call(s, 'GET', '/api/v1/complaints/board'), S(403, 403, [])),
    row(
      'POST /complaints/duplicates',
      (s) => call(s, 'POST', '/api/v1/complaints/duplicates', { phone: '13900000000' }),
      S(403, 403, []),
    ),
    row('GET /complaints/route', (s) => call(s, 'GET', '/api/v1/complaints/route?category=property'), S(403, 403, [])),
    row(
      'PUT /complaints/routes/:category',
      (s) => call(s, 'PUT', '/api/v1/complaints/routes/nope', { leadDepartmentId: ZERO }),
      S(400, 403, ['sysadmin']),
    ),
    row(
      'PUT /complaints/categories/:category/publication',
      (s) => call(s, 'PUT', '/api/v1/complaints/categories/nope/publication', { public: true }),
      S(400, 403, ['sysadmin']),
    ),
    row(
      'POST /complaints/:id/dispatch',
      (s) =>
        call(s, 'POST', `/api/v1/complaints/${ZERO}/dispatch`, {
          expectedVersion: 1,
          fields: { leadDepartmentId: ZERO },
        }),
      S(403, 403, []),
    ),
    // any department's staff may send an order back: the engine finds no such case within anyone's reach
    row(
      'POST /complaints/:id/send-back',
      (s) => call(s, 'POST', `/api/v1/complaints/${ZERO}/send-back`, { expectedVersion: 1, opinion: '矩阵' }),
      S(404, 404, []),
    ),
    // disputes and meetings: the community worker of the first village (dispute.manage over her subtree)
    row('POST /disputes', (s) => call(s, 'POST', '/api/v1/disputes', {}), S(400, 403, ['community'])),
    row('GET /disputes', (s) => call(s, 'GET', '/api/v1/disputes'), S(200, 403, ['community'])),
    row(
      'GET /disputes/similar',
      (s) => call(s, 'GET', '/api/v1/disputes/similar?divisionCode=140882001001&categoryCode=property&party=x'),
      S(200, 403, ['community']),
    ),
    row('GET /disputes/follow-ups', (s) => call(s, 'GET', '/api/v1/disputes/follow-ups'), S(200, 403, ['community'])),
    row('GET /disputes/:id', (s) => call(s, 'GET', `/api/v1/disputes/${ZERO}`), S(404, 403, ['community'])),
    // a dispute in the second township (recorded by the hotline centre, whose reach is the county): the first village's worker does not find it
    {
      endpoint: 'POST /disputes/:id/attempts',
      side: 'other',
      run: async (s) =>
        (
          await call(s, 'POST', `/api/v1/disputes/${await disputeOfOtherTownship()}/attempts`, {
            kind: 'peoplesMediation',
            level: 'community',
            organ: '矩阵调委会',
            mediator: '矩阵',
            onDate: '2026-10-01',
            result: 'notAgreed',
          })
        ).statusCode,
      expected: { ...S(404, 403, ['community']) },
    },
    {
      endpoint: 'GET /disputes/:id',
      side: 'other',
      run: async (s) => (await call(s, 'GET', `/api/v1/disputes/${await disputeOfOtherTownship()}`)).statusCode,
      expected: { ...S(404, 403, ['community']) },
    },
    row(
      'POST /disputes/:id/attempts',
      (s) => call(s, 'POST', `/api/v1/disputes/${ZERO}/attempts`, {}),
      S(400, 403, ['community']),
    ),
    row(
      'POST /disputes/attempts/:id/follow-up',
      (s) => call(s, 'POST', `/api/v1/disputes/attempts/${ZERO}/follow-up`, { performance: 'performed', note: '矩阵' }),
      S(404, 403, ['community']),
    ),
    row(
      'GET /disputes/attempts/:id/agreement.pdf',
      (s) => call(s, 'GET', `/api/v1/disputes/attempts/${ZERO}/agreement.pdf`),
      S(404, 403, ['community']),
    ),
    row('GET /meetings', (s) => call(s, 'GET', '/api/v1/meetings'), S(200, 403, ['community'])),
    row(
      'GET /meetings/:id/minutes.pdf',
      (s) => call(s, 'GET', `/api/v1/meetings/${ZERO}/minutes.pdf`),
      S(404, 403, ['community']),
    ),
    row(
      'GET /meetings/agenda',
      async (s) => call(s, 'GET', `/api/v1/meetings/agenda?divisionCode=${live().fx.communityVillage}`),
      S(200, 403, ['community']),
    ),
    row('POST /meetings', (s) => call(s, 'POST', '/api/v1/meetings', {}), S(400, 403, ['community'])),
    row(
      'POST /meetings/actions/:id/done',
      (s) => call(s, 'POST', `/api/v1/meetings/actions/${ZERO}/done`, { note: '矩阵' }),
      S(404, 403, ['community']),
    ),
    row('GET /meetings/owed', (s) => call(s, 'GET', '/api/v1/meetings/owed'), S(200, 403, ['community'])),
  ];
}
