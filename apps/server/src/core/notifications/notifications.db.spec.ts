import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorNamed, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import type { Actor } from '../auth/actor.ts';

let app: App;
let head: Actor;
let reviewer: Actor;
let supervisor: Actor;

beforeAll(async () => {
  app = await testApp();
  [head, reviewer, supervisor] = await Promise.all([
    actorNamed(app, 'head'),
    actorNamed(app, 'reviewer'),
    actorNamed(app, 'supervisor'),
  ]);
});
afterAll(() => app?.close());

describe('the notifications service', () => {
  it('finds who heads a department, and the active staff of one with the supervisors when asked', async () => {
    const department = head.departmentId;
    await app.db.transaction().execute(async (tx) => {
      expect(await app.notifications.departmentHeads(tx, department)).toContain(head.id);
      expect(await app.notifications.departmentHeads(tx, department)).not.toContain(reviewer.id);
      const staff = await app.notifications.activeStaff(tx, department);
      expect(staff).toEqual(expect.arrayContaining([head.id, reviewer.id]));
      expect(staff).not.toContain(supervisor.id);
      expect(await app.notifications.activeStaff(tx, department, { orRole: 'supervisor' })).toContain(supervisor.id);
    });
  });

  it('stores the messages in the caller’s transaction, and each reads only her own', async () => {
    await app.db.transaction().execute((tx) => app.notifications.notify(tx, []));
    await expect(
      app.db.transaction().execute(async (tx) => {
        await app.notifications.notify(tx, [{ userId: head.id, kind: 'test_rolled_back', caseId: null, message: 'x' }]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await app.db.transaction().execute((tx) =>
      app.notifications.notify(tx, [
        { userId: head.id, kind: 'test_notice', caseId: null, message: '请答复' },
        { userId: reviewer.id, kind: 'test_notice', caseId: null, message: '请答复' },
      ]),
    );
    const mine = await app.notifications.listOf(head.id);
    expect(mine[0]).toMatchObject({ kind: 'test_notice', case_id: null, message: '请答复', read_at: null });
    expect(mine.some((n) => n.kind === 'test_rolled_back')).toBe(false);
    expect((await app.notifications.listOf(reviewer.id)).filter((n) => n.kind === 'test_notice')).toHaveLength(1);
  });
});
