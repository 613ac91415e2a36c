import type { Session } from '../../test/api-client.ts';
import { actorNamed } from '../../test/helpers.ts';
import { shanghaiDateOf } from '../core/time.ts';
import { DEMO_PASSWORD } from '../demo/demo.seed.ts';
import type { MatrixContext, MatrixRow } from './permission-matrix.kit.ts';
import type { LoginOnce } from './permission-matrix.outside.ts';

/**
 * The second township's centre (the second clerk's department): its windows, a number being served,
 * a home visit, a review and its appeal, an agency package with an enterprise's complaint, written
 * straight to the tables. The first centre's clerk and 民政局's head do not serve there: refused, and
 * a refused write changes nothing (issue 15).
 */
export function queueOutsideRows({ live, S }: MatrixContext, login: LoginOnce): MatrixRow[] {
  const call = (s: Session, method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) =>
    live().api.call(s, method, url, body);
  let fixture: ReturnType<typeof build> | undefined;
  const otherCentre = () => (fixture ??= build());
  async function build() {
    const { app } = live();
    const clerk2 = await actorNamed(app, 'clerk2');
    const centre = clerk2.departmentId!;
    const day = shanghaiDateOf(app.clock());
    const [window, spare] = await app.db
      .insertInto('centre_windows')
      .values([
        { department_id: centre, code: 'MX1', name: '矩阵窗口' },
        { department_id: centre, code: 'MX2', name: '矩阵备用窗口' },
      ])
      .returning('id')
      .execute();
    const ticket = await app.db
      .insertInto('queue_tickets')
      .values({
        department_id: centre,
        day,
        seq: 9001,
        number: 'A9001',
        channel: 'kiosk',
        status: 'called',
        window_id: window!.id,
        taken_at: app.clock(),
        called_at: app.clock(),
        called_by: clerk2.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const phone = '13900009001';
    const visit = await app.db
      .insertInto('appointments')
      .values({
        reference: 'MXHV9001',
        kind: 'homeVisit',
        slot_id: null,
        department_id: centre,
        item_code: 'MX-0001',
        day,
        name: '矩阵',
        phone_enc: app.cipher.encrypt(phone),
        phone_bidx: app.cipher.blindIndex(phone),
        phone_masked: '139****9001',
        address: '矩阵村',
        reason: '行动不便',
        created_at: app.clock(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const caseRes = await live().api.call(await login('clerk2'), 'POST', '/api/v1/cases', {
      typeCode: 'service_application',
      title: '矩阵',
      subject: { type: 'person', id: live().fx.otherPerson },
      fields: { item: 'x' },
    });
    if (caseRes.statusCode !== 201) throw new Error(`case of the other centre: ${caseRes.statusCode} ${caseRes.body}`);
    const caseId = caseRes.json().case.id as string;
    const [review, appealed] = await app.db
      .insertInto('evaluations')
      .values(
        (['onSite', 'online'] as const).map((channel) => ({
          case_id: caseId,
          channel,
          level: 1,
          sub_scores: JSON.stringify({}),
          comment: '矩阵差评',
          department_id: centre,
          staff_id: clerk2.id,
          window_name: '矩阵窗口',
          created_at: app.clock(),
        })),
      )
      .returning('id')
      .execute();
    const appeal = await app.db
      .insertInto('evaluation_appeals')
      .values({ evaluation_id: appealed!.id, reason: '矩阵申诉', filed_by: clerk2.id, filed_at: app.clock() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const organisation =
      (await app.db.selectFrom('organisations').select('id').orderBy('name').executeTakeFirst()) ??
      (await app.db
        .insertInto('organisations')
        .values({ name: '矩阵企业', kind: 'enterprise', division_code: clerk2.divisionCode })
        .returning('id')
        .executeTakeFirstOrThrow());
    const pkg = await app.db
      .insertInto('agency_packages')
      .values({
        number: 'DB-2026-MATRIX',
        organisation_id: organisation.id,
        project_name: '矩阵项目',
        department_id: centre,
        agent_id: clerk2.id,
        created_at: app.clock(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const complaint = await app.db
      .insertInto('agency_complaints')
      .values({ package_id: pkg.id, text: '矩阵：办理太慢', filed_at: app.clock() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return {
      window: window!.id,
      spare: spare!.id,
      ticket: ticket.id,
      visit: visit.id,
      review: review!.id,
      appeal: appeal.id,
      pkg: pkg.id,
      complaint: complaint.id,
    };
  }
  let supervisor1: Promise<Session> | undefined;
  const supervisorOfFirstTownship = () =>
    (supervisor1 ??= (async () => {
      await live().app.users.create({
        username: 'supervisor1',
        displayName: '矩阵supervisor1',
        departmentCode: '140882-ZF1',
        password: DEMO_PASSWORD,
        roles: [{ role: 'supervisor', scope: 'subtree' }],
      });
      return login('supervisor1');
    })());
  const snapshot = async () => {
    const { app } = live();
    const f = await otherCentre();
    return JSON.stringify([
      await app.db
        .selectFrom('queue_tickets')
        .select(['status', 'window_id', 'transfers', 'finished_at'])
        .where('department_id', '=', (await actorNamed(app, 'clerk2')).departmentId!)
        .orderBy('id')
        .execute(),
      await app.db.selectFrom('appointments').select(['status', 'visit_staff_id']).where('id', '=', f.visit).execute(),
      await app.db
        .selectFrom('evaluation_appeals as a')
        .innerJoin('evaluations as e', 'e.id', 'a.evaluation_id')
        .select(['a.id', 'a.decision'])
        .where('e.department_id', '=', (await actorNamed(app, 'clerk2')).departmentId!)
        .orderBy('a.id')
        .execute(),
      await app.db
        .selectFrom('agency_complaints')
        .select(['answer', 'answered_at'])
        .where('id', '=', f.complaint)
        .execute(),
    ]);
  };
  /** Runs a write; when it is refused, throws if anything of the second centre changed. */
  const write = async (run: () => Promise<{ statusCode: number }>) => {
    const before = await snapshot();
    const res = await run();
    if (res.statusCode >= 300 && (await snapshot()) !== before)
      throw new Error(`a refused write (${res.statusCode}) changed the second centre's records`);
    return res.statusCode;
  };
  const other = (
    endpoint: string,
    run: (s: Session, f: Awaited<ReturnType<typeof build>>) => Promise<number>,
    expected: ReturnType<MatrixContext['S']>,
  ): MatrixRow => ({ endpoint, side: 'other', run: async (s) => run(s, await otherCentre()), expected });
  // the first centre's clerk and 民政局's head hold centre.serve, but not over the second centre: 403 (the record exists)
  const NOBODY = S(403, 403, []);
  return [
    other(
      'POST /centre/appointments/:id/home-visit',
      (s, f) => write(() => call(s, 'POST', `/api/v1/centre/appointments/${f.visit}/home-visit`, { done: true })),
      NOBODY,
    ),
    other(
      'POST /centre/windows/:id/call-next',
      (s, f) => write(() => call(s, 'POST', `/api/v1/centre/windows/${f.spare}/call-next`)),
      NOBODY,
    ),
    other(
      'GET /centre/windows/:id/current',
      async (s, f) => (await call(s, 'GET', `/api/v1/centre/windows/${f.window}/current`)).statusCode,
      NOBODY,
    ),
    other(
      'POST /centre/tickets/:id/transfer',
      (s, f) => write(() => call(s, 'POST', `/api/v1/centre/tickets/${f.ticket}/transfer`, { toWindowId: f.spare })),
      NOBODY,
    ),
    other(
      'POST /centre/tickets/:id/no-show',
      (s, f) => write(() => call(s, 'POST', `/api/v1/centre/tickets/${f.ticket}/no-show`)),
      NOBODY,
    ),
    other(
      'POST /centre/tickets/:id/done',
      (s, f) => write(() => call(s, 'POST', `/api/v1/centre/tickets/${f.ticket}/done`, {})),
      NOBODY,
    ),
    // the supervisor's reach is everything: she may appeal it (201); the first centre's clerk and 民政局's head may not
    other(
      'POST /evaluations/:id/appeal',
      (s, f) => write(() => call(s, 'POST', `/api/v1/evaluations/${f.review}/appeal`, { reason: '矩阵' })),
      S(201, 403, ['supervisor']),
    ),
    // the supervisor's reach is everything; a supervisor over the first township's office only is refused the second centre's appeal
    other(
      'POST /evaluations/appeals/:id/decision',
      async (s, f) => {
        const decide = (as: Session) =>
          write(() =>
            call(as, 'POST', `/api/v1/evaluations/appeals/${f.appeal}/decision`, {
              decision: 'rejected',
              note: '矩阵',
            }),
          );
        const narrow = await decide(await supervisorOfFirstTownship());
        if (![403, 404].includes(narrow)) throw new Error(`the first township's supervisor was answered ${narrow}`);
        return decide(s);
      },
      S(200, 403, ['supervisor']),
    ),
    other(
      'GET /agency/packages/:id',
      async (s, f) => (await call(s, 'GET', `/api/v1/agency/packages/${f.pkg}`)).statusCode,
      S(404, 403, ['clerk', 'head']),
    ),
    other(
      'POST /agency/complaints/:id/answer',
      (s, f) => write(() => call(s, 'POST', `/api/v1/agency/complaints/${f.complaint}/answer`, { answer: '矩阵答复' })),
      S(404, 403, ['clerk', 'head']),
    ),
  ];
}
