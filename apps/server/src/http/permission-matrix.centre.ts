import type { Session } from '../../test/api-client.ts';
import { actorNamed } from '../../test/helpers.ts';
import type { MatrixContext, MatrixRow } from './permission-matrix.assistance.ts';

const ZERO = '00000000-0000-0000-0000-000000000000';

/** The one-stop centre's routes (windows, slots, bookings, queue, intake, 好差评, consultants): every role × own records. */
export function centreMatrixRows({ live, S }: MatrixContext): MatrixRow[] {
  const call = (s: Session, method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) =>
    live().api.call(s, method, url, body);
  const centre = async () =>
    (
      await live()
        .app.db.selectFrom('departments')
        .select('id')
        .where('code', '=', '140882-BM1')
        .executeTakeFirstOrThrow()
    ).id;
  const village = async () =>
    (
      await live()
        .app.db.selectFrom('divisions')
        .select('code')
        .where('level', '=', 5)
        .where('code', 'like', '140882001%')
        .orderBy('code')
        .executeTakeFirstOrThrow()
    ).code;
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
    // the centre's head (department scope) manages only her own centre: 民政局's head reaches none
    row(
      'POST /centre/windows',
      async (s) =>
        call(s, 'POST', '/api/v1/centre/windows', {
          departmentId: await centre(),
          code: `M${Math.random().toString(36).slice(2, 6)}`,
          name: '矩阵窗口',
        }),
      S(201, 403, ['sysadmin']),
    ),
    row(
      'POST /centre/peak-days',
      async (s) =>
        call(s, 'POST', '/api/v1/centre/peak-days', {
          departmentId: await centre(),
          day: '2026-12-31',
          extraCapacity: 2,
          reason: '年末',
        }),
      S(200, 403, ['sysadmin']),
    ),
    row(
      'POST /centre/slots/generate',
      async (s) =>
        call(s, 'POST', '/api/v1/centre/slots/generate', {
          departmentId: ZERO,
          from: '2026-12-01',
          to: '2026-12-01',
          times: [{ startsAt: '09:00', endsAt: '10:00', capacity: 1 }],
        }),
      S(404, 403, ['sysadmin', 'head']),
    ),
    row(
      'GET /centre/appointments',
      async (s) => call(s, 'GET', `/api/v1/centre/appointments?departmentId=${await centre()}&day=2026-12-01`),
      S(200, 403, ['clerk']),
    ),
    row(
      'POST /centre/appointments/:id/home-visit',
      (s) => call(s, 'POST', `/api/v1/centre/appointments/${ZERO}/home-visit`, { done: true }),
      S(404, 403, ['clerk', 'head']),
    ),
    row(
      'POST /centre/windows/:id/call-next',
      (s) => call(s, 'POST', `/api/v1/centre/windows/${ZERO}/call-next`),
      S(404, 403, ['clerk', 'head']),
    ),
    row(
      'GET /centre/windows/:id/current',
      (s) => call(s, 'GET', `/api/v1/centre/windows/${ZERO}/current`),
      S(404, 403, ['clerk', 'head']),
    ),
    row(
      'POST /centre/tickets/:id/transfer',
      (s) => call(s, 'POST', `/api/v1/centre/tickets/${ZERO}/transfer`, { toWindowId: ZERO }),
      S(404, 403, ['clerk', 'head']),
    ),
    row(
      'POST /centre/tickets/:id/no-show',
      (s) => call(s, 'POST', `/api/v1/centre/tickets/${ZERO}/no-show`),
      S(404, 403, ['clerk', 'head']),
    ),
    row(
      'POST /centre/tickets/:id/done',
      (s) => call(s, 'POST', `/api/v1/centre/tickets/${ZERO}/done`, {}),
      S(404, 403, ['clerk', 'head']),
    ),
    row(
      'GET /centre/queue/stats',
      async (s) => call(s, 'GET', `/api/v1/centre/queue/stats?departmentId=${await centre()}&day=2026-12-01`),
      S(200, 403, ['clerk']),
    ),
    row('POST /centre/intake', (s) => call(s, 'POST', '/api/v1/centre/intake', {}), S(400, 403, ['clerk', 'head'])),
    row(
      'PUT /centre/consultants/:divisionCode',
      async (s) =>
        call(s, 'PUT', `/api/v1/centre/consultants/${await village()}`, { name: '矩阵', phone: '13900000000' }),
      S(200, 403, ['sysadmin', 'head']),
    ),
    row('GET /evaluations', (s) => call(s, 'GET', '/api/v1/evaluations'), S(200, 403, ['clerk', 'head', 'supervisor'])),
    row(
      'GET /evaluations/results',
      (s) => call(s, 'GET', '/api/v1/evaluations/results?from=2026-01-01&to=2026-12-31'),
      S(200, 403, ['clerk', 'head', 'supervisor']),
    ),
    row(
      'GET /evaluations/scorecards',
      (s) => call(s, 'GET', '/api/v1/evaluations/scorecards?month=2026-10&by=window&format=xlsx'),
      S(200, 403, ['clerk', 'head', 'supervisor']),
    ),
    row(
      'POST /evaluations/:id/appeal',
      (s) => call(s, 'POST', `/api/v1/evaluations/${ZERO}/appeal`, { reason: '矩阵' }),
      S(404, 403, ['clerk', 'head', 'supervisor']),
    ),
    row('GET /evaluations/appeals', (s) => call(s, 'GET', '/api/v1/evaluations/appeals'), S(200, 403, ['supervisor'])),
    row(
      'POST /evaluations/appeals/:id/decision',
      (s) => call(s, 'POST', `/api/v1/evaluations/appeals/${ZERO}/decision`, { decision: 'rejected' }),
      S(404, 403, ['supervisor']),
    ),
    // the window's rating pad: a clerk of a centre, for the cases of the departments she serves
    row(
      'GET /evaluations/on-site',
      (s) => call(s, 'GET', '/api/v1/evaluations/on-site?number=SQ-1999-000001'),
      S(404, 403, ['clerk', 'head']),
    ),
    row(
      'POST /evaluations/on-site',
      (s) => call(s, 'POST', '/api/v1/evaluations/on-site', {}),
      S(400, 403, ['clerk', 'head']),
    ),
    row('POST /agency/packages', (s) => call(s, 'POST', '/api/v1/agency/packages', {}), S(400, 403, ['clerk', 'head'])),
    row('GET /agency/packages', (s) => call(s, 'GET', '/api/v1/agency/packages'), S(200, 403, ['clerk', 'head'])),
    row(
      'GET /agency/packages/:id',
      (s) => call(s, 'GET', `/api/v1/agency/packages/${ZERO}`),
      S(404, 403, ['clerk', 'head']),
    ),
    row(
      'POST /agency/complaints/:id/answer',
      (s) => call(s, 'POST', `/api/v1/agency/complaints/${ZERO}/answer`, { answer: '矩阵' }),
      S(404, 403, ['clerk', 'head']),
    ),
    row(
      'POST /duty/rota/generate',
      (s) => call(s, 'POST', '/api/v1/duty/rota/generate', {}),
      S(400, 403, ['sysadmin', 'head']),
    ),
    row(
      'POST /duty/rota/swap',
      (s) => call(s, 'POST', '/api/v1/duty/rota/swap', { departmentId: ZERO, dayA: '2026-10-01', dayB: '2026-10-02' }),
      S(404, 403, ['sysadmin', 'head']),
    ),
    row(
      'GET /duty/rota',
      async (s) => call(s, 'GET', `/api/v1/duty/rota?departmentId=${await centre()}&from=2026-10-01&to=2026-10-31`),
      S(200, 403, ['clerk']),
    ),
    row(
      'GET /duty/rota.ics',
      async (s) => call(s, 'GET', `/api/v1/duty/rota.ics?departmentId=${await centre()}&from=2026-10-01&to=2026-10-31`),
      S(200, 403, ['clerk']),
    ),
    row(
      'GET /duty/rota.pdf',
      async (s) => call(s, 'GET', `/api/v1/duty/rota.pdf?departmentId=${await centre()}&from=2026-10-01&to=2026-10-31`),
      S(200, 403, ['clerk']),
    ),
    // only the leader on duty writes; a manager of every centre learns nobody is on duty that day
    row(
      'POST /duty/log',
      async (s) =>
        call(s, 'POST', '/api/v1/duty/log', {
          departmentId: await centre(),
          day: '2030-01-02',
          kind: 'matter',
          atTime: '09:00',
          text: '矩阵测试',
        }),
      S(409, 403, ['sysadmin']),
    ),
    row(
      'GET /duty/log',
      async (s) => call(s, 'GET', `/api/v1/duty/log?departmentId=${await centre()}&day=2026-10-01`),
      S(200, 403, ['clerk']),
    ),
    row(
      'GET /duty/log.pdf',
      async (s) => call(s, 'GET', `/api/v1/duty/log.pdf?departmentId=${await centre()}&day=2026-10-01`),
      S(200, 403, ['clerk']),
    ),
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

/** Open to the public: the kiosk, the booking pages, the hall screen, evaluation and printed matter. */
export const CENTRE_PUBLIC_ROUTES = [
  'GET /public/centres',
  'GET /public/centres/:id/windows',
  'GET /public/centres/:id/slots',
  'POST /public/appointments',
  'POST /public/appointments/cancel',
  'POST /public/home-visits',
  'POST /public/centres/:id/tickets',
  'GET /public/centres/:id/board',
  'GET /public/evaluations/status',
  'POST /public/evaluations',
  'GET /public/evaluations/results',
  'GET /public/publications/card',
  'GET /public/publications/board',
  'GET /public/publications/handbook',
  'GET /public/consultants',
  'GET /public/agency/:number',
  'POST /public/agency/:number/complaints',
  'GET /public/complaints/categories',
  'GET /public/complaints/figures',
  'POST /public/complaints',
  'POST /public/complaints/photos',
  'GET /public/complaints/:number/photos/:hash',
  'GET /public/complaints/:number/documents/:documentId',
  'GET /public/complaints/mine',
  'POST /public/complaints/:number/callback',
];
