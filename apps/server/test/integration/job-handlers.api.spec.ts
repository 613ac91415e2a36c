import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../api-client.ts';
import { actorNamed, movableClock, testApp } from '../helpers.ts';
import type { App } from '../../src/compose.ts';
import { centreFixture } from '../../src/modules/service-centre/centre.testkit.ts';
import { readFileSync } from 'node:fs';
import { globSync } from 'node:fs';
import path from 'node:path';
import { jobRegistrations } from '../../src/compose.ts';
import { CORE_JOBS } from '../../src/core/jobs/jobs.ts';
import { startWorker } from '../../src/core/jobs/worker.ts';

// A job enqueued with no handler waits forever and nobody notices: every job of the job map must have
// a worker, and a booking's SMS must actually leave through the SMS transport, from the HTTP route on.
let app: App;
let api: ApiClient;
const sent: Array<{ phone: string; text: string }> = [];
const handled: string[] = [];
const day = movableClock('2026-10-09');

beforeAll(async () => {
  app = await testApp({
    clock: day.clock,
    sms: {
      showsCode: false,
      send: async (phone, text) => {
        sent.push({ phone, text });
      },
    },
  });
  const work = app.boss.work.bind(app.boss) as (...args: unknown[]) => Promise<string>;
  app.boss.work = ((name: string, ...rest: unknown[]) => {
    handled.push(name);
    return work(name, ...rest);
  }) as typeof app.boss.work;
  api = await ApiClient.create(app);
});
afterAll(async () => {
  await api?.close();
  await app?.close();
});

describe('jobs', () => {
  it('every job of the job map has a handler once the worker runs, and a booking made over HTTP is confirmed by SMS through the worker', async () => {
    const fx = await centreFixture(app, await actorNamed(app, 'sysadmin'));
    const sysadmin = await api.login('sysadmin');
    await api.call(sysadmin, 'POST', '/api/v1/centre/slots/generate', {
      departmentId: fx.centre.id,
      from: '2026-10-09',
      to: '2026-10-09',
      windowIds: [fx.special],
      // the clock says 10:00: a slot of today that is not over yet
      times: [{ startsAt: '15:00', endsAt: '15:30', capacity: 2 }],
    });
    const worker = await startWorker(app);
    try {
      const registered = [...CORE_JOBS, ...jobRegistrations(app).map((j) => j.name)];
      expect([...new Set(handled)].sort()).toEqual([...new Set(registered)].sort());
      // every job the source enqueues or sends has a handler: a name with none would wait forever
      for (const name of enqueuedJobNames())
        expect(registered, `job ${name} is enqueued but has no handler`).toContain(name);
      const slots = (
        await api.call(undefined, 'GET', `/api/v1/public/centres/${fx.centre.id}/slots?itemCode=CT-0001`)
      ).json();
      const booked = await api.call(undefined, 'POST', '/api/v1/public/appointments', {
        slotId: slots[0].id,
        itemCode: 'CT-0001',
        name: '张三',
        phone: '13800138000',
      });
      expect(booked.statusCode).toBe(201);
      const reference = booked.json().reference as string;
      const end = Date.now() + 40_000;
      while (!sent.some((m) => m.text.includes(reference)) && Date.now() < end)
        await new Promise((r) => setTimeout(r, 200));
      expect(sent.find((m) => m.text.includes(reference))).toMatchObject({ phone: '13800138000' });
    } finally {
      await worker.stop();
    }
  });
});

/**
 * The job names the server's source enqueues (`enqueue(boss, tx, 'name'`), sends (`boss.send('name'`) or writes with a
 * command's other writes (`jobInsert(boss, 'name'`).
 */
function enqueuedJobNames(): string[] {
  const src = path.resolve(import.meta.dirname, '../../src');
  const names = new Set<string>();
  for (const file of globSync('**/*.ts', { cwd: src })) {
    if (file.includes('.spec.')) continue;
    const text = readFileSync(path.join(src, file), 'utf8');
    for (const m of text.matchAll(/(?:enqueue\([^,]+,[^,]+,\s*|jobInsert\([^,]+,\s*|boss\.send\(\s*)'([a-z_.]+)'/g))
      names.add(m[1]!);
  }
  expect(names.size).toBeGreaterThan(1);
  return [...names];
}
