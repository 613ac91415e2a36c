import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorNamed, movableClock, personIn, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import { enqueue } from './jobs.ts';
import { startWorker } from './worker.ts';

let app: App;
const time = movableClock('2026-11-02');
beforeAll(async () => {
  app = await testApp({ clock: time.clock });
});
afterAll(() => app?.close());

async function until<T>(probe: () => Promise<T | undefined | null>, ms = 40_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('job worker', () => {
  it("renders the PDF of a document enqueued inside the action's transaction", async () => {
    const worker = await startWorker(app);
    try {
      const clerk = await actorNamed(app, 'clerk');
      const subject = await personIn(app, clerk.divisionCode.slice(0, 9));
      const { case: c } = await app.cases.open(clerk, {
        typeCode: 'service_application',
        title: '渲染',
        subject: { type: 'person', id: subject.id },
        fields: { item: 'x' },
      });
      const { documents } = await app.cases.act(clerk, c.id, 'accept', {
        expectedVersion: 1,
        fields: {},
        attachments: [],
      });
      const fileHash = await until(
        async () =>
          (
            await app.db
              .selectFrom('documents')
              .select('file_hash')
              .where('id', '=', documents[0]!.id)
              .executeTakeFirst()
          )?.file_hash,
      );
      const pdf = await app.files.get(fileHash);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      // the deadline scan sent at start has run
      await until(async () =>
        app.db
          .selectFrom('pgboss.job' as 'documents')
          .select('id')
          .where('name' as 'kind', '=', 'deadline.scan')
          .where('state' as 'kind', '=', 'completed')
          .executeTakeFirst(),
      );
    } finally {
      await worker.stop();
    }
  });

  it('enqueues a job only when the transaction commits', async () => {
    const count = async () =>
      Number(
        (
          await app.db
            .selectFrom('pgboss.job' as 'documents')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('name' as 'kind', '=', 'document.render')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    await expect(
      app.db.transaction().execute(async (tx) => {
        await enqueue(app.boss, tx, 'document.render', { documentId: '00000000-0000-0000-0000-000000000000' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await count()).toBe(before);
    await app.db
      .transaction()
      .execute((tx) =>
        enqueue(app.boss, tx, 'document.render', { documentId: '00000000-0000-0000-0000-000000000000' }),
      );
    expect(await count()).toBe(before + 1);
  });
});
