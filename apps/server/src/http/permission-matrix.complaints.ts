import type { Session } from '../../test/api-client.ts';
import { actorNamed } from '../../test/helpers.ts';
import { DEMO_PASSWORD } from '../demo/demo.seed.ts';
import type { MatrixContext, MatrixRow } from './permission-matrix.kit.ts';
import type { LoginOnce } from './permission-matrix.outside.ts';

/**
 * Work orders, disputes and joint meetings of the second township, recorded by the hotline centre
 * (whose reach is the county): no worker of the first township finds them, and a refused write
 * changes nothing (issue 15).
 */
export function complaintsOutsideRows({ live, S }: MatrixContext, login: LoginOnce): MatrixRow[] {
  const call = (s: Session | undefined, method: 'GET' | 'POST', url: string, body?: unknown) =>
    live().api.call(s, method, url, body);
  const asOperator = () => login('operator');
  /** The parts of a creation's answer these rows read: the record's id, at the top or under its case or dispute. */
  interface Created {
    id?: string;
    dispute?: { id: string };
    case?: { id: string; version: number };
  }
  const ok = (res: { statusCode: number; body: string; json: () => unknown }, what: string) => {
    if (res.statusCode >= 300) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
    return res.json() as Created;
  };
  /** A village of the second township. */
  const otherVillage = async () => {
    const { app } = live();
    return (
      await app.db
        .selectFrom('divisions')
        .select('code')
        .where('parent_code', '=', (await actorNamed(app, 'clerk2')).divisionCode)
        .orderBy('code')
        .executeTakeFirstOrThrow()
    ).code;
  };
  let attempt: Promise<{ id: string }> | undefined;
  /** An agreement reached on a dispute of the second township, awaiting its follow-up. */
  const agreementOfOtherTownship = () =>
    (attempt ??= (async () => {
      const op = await asOperator();
      const dispute = ok(
        await call(op, 'POST', '/api/v1/disputes', {
          title: '矩阵协议纠纷',
          categoryCode: 'property',
          divisionCode: await otherVillage(),
          parties: [
            { kind: 'person', name: '甲' },
            { kind: 'person', name: '乙' },
          ],
          facts: '矩阵测试：另一乡镇达成协议的纠纷',
        }),
        'dispute',
      );
      const a = ok(
        await call(op, 'POST', `/api/v1/disputes/${dispute.id ?? dispute.dispute?.id}/attempts`, {
          kind: 'peoplesMediation',
          level: 'community',
          organ: '矩阵调委会',
          mediator: '矩阵',
          onDate: '2026-10-01',
          result: 'agreed',
          agreement: '甲乙双方同意按约定分摊维修费用。',
        }),
        'agreement',
      );
      return { id: a.id! };
    })());
  let meeting: Promise<{ id: string; actionId: string }> | undefined;
  /** A joint meeting of a community of the second township, with one open action item. */
  const meetingOfOtherTownship = () =>
    (meeting ??= (async () => {
      const m = ok(
        await call(await asOperator(), 'POST', '/api/v1/meetings', {
          divisionCode: await otherVillage(),
          kind: 'adHoc',
          heldOn: '2026-10-01',
          attendees: { partyBranch: '甲', residentsCommittee: '乙', ownersCommittee: '丙', propertyCompany: '丁' },
          agenda: [{ title: '矩阵议题' }],
          minutes: '矩阵测试：另一乡镇的联席会议纪要',
          actions: [{ text: '矩阵事项', owner: '物业', due: '2026-12-31' }],
        }),
        'meeting',
      );
      const action = await live()
        .app.db.selectFrom('meeting_actions')
        .select('id')
        .where('meeting_id', '=', m.id!)
        .executeTakeFirstOrThrow();
      return { id: m.id!, actionId: action.id };
    })());
  let order: Promise<string> | undefined;
  /** A hotline work order of the second township, dispatched to its township office: its case id. */
  const dispatchedOrderOfOtherTownship = () =>
    (order ??= (async () => {
      const { app } = live();
      const op = await asOperator();
      const registered = ok(
        await call(op, 'POST', '/api/v1/complaints', {
          channel: 'hotline',
          categoryCode: 'property.services',
          divisionCode: await otherVillage(),
          address: '矩阵小区',
          description: '矩阵测试：派往另一乡镇的工单',
          complainant: { name: '矩阵', phone: '13600008888' },
        }),
        'order',
      );
      const lead = await app.db
        .selectFrom('departments')
        .select('id')
        .where('division_code', '=', (await actorNamed(app, 'clerk2')).divisionCode)
        .where('kind', '=', 'township_office')
        .executeTakeFirstOrThrow();
      ok(
        await call(op, 'POST', `/api/v1/complaints/${registered.case!.id}/dispatch`, {
          expectedVersion: registered.case!.version,
          fields: { leadDepartmentId: lead.id },
        }),
        'dispatch',
      );
      return registered.case!.id;
    })());
  let received: Promise<string> | undefined;
  /** A hotline work order of the second township, registered and not yet dispatched: its case id. */
  const receivedOrderOfOtherTownship = () =>
    (received ??= (async () => {
      const registered = ok(
        await call(await asOperator(), 'POST', '/api/v1/complaints', {
          channel: 'hotline',
          categoryCode: 'property.services',
          divisionCode: await otherVillage(),
          address: '矩阵小区',
          description: '矩阵测试：另一乡镇待派的工单',
          complainant: { name: '矩阵', phone: '13600007777' },
        }),
        'order',
      );
      return registered.case!.id;
    })());
  let operator1: Promise<Session> | undefined;
  const operatorOfFirstTownship = () =>
    (operator1 ??= (async () => {
      await live().app.users.create({
        username: 'operator1',
        displayName: '矩阵operator1',
        departmentCode: '140882-ZF1',
        password: DEMO_PASSWORD,
        roles: [{ role: 'complaint_operator', scope: 'subtree' }],
      });
      return login('operator1');
    })());
  const caseState = async (id: string) =>
    await live()
      .app.db.selectFrom('cases')
      .select(['status', 'version', 'owning_department_id', 'lead_department_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  /** Runs a refused write, then throws if the record changed: a refusal stores nothing. */
  const unchanged = async <T>(snapshot: () => Promise<T>, write: () => Promise<{ statusCode: number }>) => {
    const before = JSON.stringify(await snapshot());
    const res = await write();
    const after = JSON.stringify(await snapshot());
    if (res.statusCode < 300 || before !== after)
      throw new Error(`changed from outside (${res.statusCode}): ${before} → ${after}`);
    return res.statusCode;
  };
  const other = (
    endpoint: string,
    run: (s: Session) => Promise<number>,
    expected: ReturnType<MatrixContext['S']>,
  ): MatrixRow => ({ endpoint, side: 'other', run, expected });
  return [
    other(
      'GET /disputes/attempts/:id/agreement.pdf',
      async (s) =>
        (await call(s, 'GET', `/api/v1/disputes/attempts/${(await agreementOfOtherTownship()).id}/agreement.pdf`))
          .statusCode,
      S(404, 403, ['community']),
    ),
    other(
      'POST /disputes/attempts/:id/follow-up',
      async (s) => {
        const { id } = await agreementOfOtherTownship();
        const performance = () =>
          live()
            .app.db.selectFrom('dispute_attempts as a')
            .innerJoin('disputes as d', 'd.id', 'a.dispute_id')
            .select(['a.performance', 'a.performance_note', 'd.status'])
            .where('a.id', '=', id)
            .executeTakeFirstOrThrow();
        return unchanged(performance, () =>
          call(s, 'POST', `/api/v1/disputes/attempts/${id}/follow-up`, { performance: 'breached', note: '矩阵' }),
        );
      },
      S(404, 403, ['community']),
    ),
    other(
      'GET /meetings/:id/minutes.pdf',
      async (s) =>
        (await call(s, 'GET', `/api/v1/meetings/${(await meetingOfOtherTownship()).id}/minutes.pdf`)).statusCode,
      S(404, 403, ['community']),
    ),
    other(
      'POST /meetings/actions/:id/done',
      async (s) => {
        const { actionId } = await meetingOfOtherTownship();
        const action = () =>
          live()
            .app.db.selectFrom('meeting_actions')
            .select(['done_at', 'done_note'])
            .where('id', '=', actionId)
            .executeTakeFirstOrThrow();
        return unchanged(action, () => call(s, 'POST', `/api/v1/meetings/actions/${actionId}/done`, { note: '矩阵' }));
      },
      S(404, 403, ['community']),
    ),
    other(
      'POST /complaints/:id/send-back',
      async (s) => {
        const id = await dispatchedOrderOfOtherTownship();
        return unchanged(
          () => caseState(id),
          async () =>
            call(s, 'POST', `/api/v1/complaints/${id}/send-back`, {
              expectedVersion: (await caseState(id)).version,
              opinion: '矩阵：不属本单位',
            }),
        );
        // the county's approver and the supervisor reach the order but are not its lead department's staff (403); the rest do not find it
      },
      { ...S(404, 404, []), approver: 403, supervisor: 403 },
    ),
    other(
      'POST /complaints/:id/dispatch',
      async (s) => {
        const id = await receivedOrderOfOtherTownship();
        const ours = (
          await live()
            .app.db.selectFrom('departments')
            .select('id')
            .where('code', '=', '140882-ZF1')
            .executeTakeFirstOrThrow()
        ).id;
        const dispatch = async (as: Session) =>
          call(as, 'POST', `/api/v1/complaints/${id}/dispatch`, {
            expectedVersion: (await caseState(id)).version,
            fields: { leadDepartmentId: ours },
          });
        // a coordinator of the first township's office (complaint.manage over its subtree) does not find the second township's order
        const narrow = await unchanged(
          () => caseState(id),
          async () => dispatch(await operatorOfFirstTownship()),
        );
        if (narrow !== 404) throw new Error(`the first township's coordinator was answered ${narrow}`);
        return unchanged(
          () => caseState(id),
          () => dispatch(s),
        );
        // only the hotline centre dispatches: no role of the matrix moves another township's order to the first township
      },
      S(403, 403, []),
    ),
  ];
}
