import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import { nextDocumentSerial } from './numbering.ts';

let app: App;
beforeAll(async () => {
  app = await testApp();
});
afterAll(() => app?.close());

const take = (kind: string) => app.db.transaction().execute((tx) => nextDocumentSerial(tx, kind, 2026));
const takeAndRollBack = (kind: string) =>
  app.db
    .transaction()
    .execute(async (tx) => {
      await nextDocumentSerial(tx, kind, 2026);
      throw new Error('refused');
    })
    .catch(() => undefined);

describe('document numbers', () => {
  it('numbers receipts from a sequence: a refused acceptance leaves a gap, and nothing waits for its commit', async () => {
    const first = await take('receipt');
    await takeAndRollBack('receipt');
    expect(await take('receipt')).toBe(first + 2);
  });

  it('numbers official documents without gaps: a refused action hands its number back', async () => {
    const first = await take('oneTimeNotice');
    await takeAndRollBack('oneTimeNotice');
    expect(await take('oneTimeNotice')).toBe(first + 1);
  });
});
