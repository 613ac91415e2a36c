import type { Session } from '../../test/api-client.ts';
import { type MatrixContext, type MatrixRow, ZERO } from './permission-matrix.kit.ts';

/**
 * The one-stop centre's routes (windows, slots, bookings, queue, intake, 好差评, consultants, agency, duty rota):
 * every role × own records.
 */
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
