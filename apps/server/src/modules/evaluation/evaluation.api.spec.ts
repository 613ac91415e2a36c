import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type Session } from '../../../test/api-client.ts';
import { actorNamed, movableClock, personIn, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import { centreFixture } from '../service-centre/centre.testkit.ts';

/** 好差评 over HTTP: every reply of the contract whole (under test a key the schema would drop is a 500). */
let app: App;
let api: ApiClient;
let clerk: Session;
let supervisor: Session;
let head: Session;
const day = movableClock('2026-10-12');
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

beforeAll(async () => {
  app = await testApp({ clock: day.clock });
  api = await ApiClient.create(app);
  await centreFixture(app, await actorNamed(app, 'sysadmin'));
  [clerk, supervisor, head] = [await api.login('clerk'), await api.login('supervisor'), await api.login('centrehead')];
});
afterAll(async () => {
  await api?.close();
  await app?.close();
});

describe('好差评 over HTTP', () => {
  it('rates on the pad, lists the review, appeals it, decides the appeal, and reads results and scorecards', async () => {
    const actor = await actorNamed(app, 'clerk');
    const person = await personIn(app, actor.divisionCode.slice(0, 9));
    const served = (await app.centre.intake.intake(actor, { personId: person.id, itemCode: 'CT-0002' })).case!;

    const status = await api.call(clerk, 'GET', `/api/v1/evaluations/on-site?number=${served.number}`);
    expect([status.statusCode, status.json()]).toEqual([
      200,
      { number: served.number, title: expect.any(String), finished: true, rated: false, given: [] },
    ]);
    // the body is the contract's: a level out of range is refused before the service, with the field named
    const invalid = await api.call(clerk, 'POST', '/api/v1/evaluations/on-site', { number: served.number, level: 9 });
    expect([invalid.statusCode, invalid.json().code, invalid.json().field]).toEqual([
      400,
      'validation_failed',
      'body.level',
    ]);
    const rated = await api.call(clerk, 'POST', '/api/v1/evaluations/on-site', {
      number: served.number,
      level: 1,
      comment: '与本次办事无关',
    });
    expect([rated.statusCode, rated.json()]).toEqual([
      201,
      { id: expect.any(String), level: 1, label: '非常不满意', rectificationCase: expect.stringMatching(/^ZG-/) },
    ]);

    const reviews = await api.call(clerk, 'GET', '/api/v1/evaluations?level=1&from=2026-10-01&to=2026-10-31');
    expect(reviews.statusCode).toBe(200);
    const review = (reviews.json() as Array<Record<string, unknown>>).find((r) => r.id === rated.json().id)!;
    expect(review).toMatchObject({
      channel: 'onSite',
      subScores: { efficiency: 1, competence: 1, attitude: 1 },
      caseNumber: served.number,
      rectificationNumber: rated.json().rectificationCase,
      appealId: null,
    });
    expect(review.createdAt).toMatch(ISO);

    const appeal = await api.call(clerk, 'POST', `/api/v1/evaluations/${review.id as string}/appeal`, {
      reason: '评价内容与本次服务无关',
    });
    expect([appeal.statusCode, Object.keys(appeal.json())]).toEqual([201, ['id']]);
    const pending = (await api.call(supervisor, 'GET', '/api/v1/evaluations/appeals')).json() as Array<{
      id: string;
      filedAt: string;
    }>;
    expect(pending.find((a) => a.id === appeal.json().id)?.filedAt).toMatch(ISO);
    // the coarse permission comes before the body: the clerk learns 403, not what a valid decision looks like
    expect(
      (await api.call(clerk, 'POST', `/api/v1/evaluations/appeals/${appeal.json().id}/decision`, {})).statusCode,
    ).toBe(403);
    const decided = await api.call(supervisor, 'POST', `/api/v1/evaluations/appeals/${appeal.json().id}/decision`, {
      decision: 'upheld',
    });
    expect([decided.statusCode, decided.json()]).toEqual([200, { id: appeal.json().id, decision: 'upheld' }]);

    const results = await api.call(head, 'GET', '/api/v1/evaluations/results?by=window&from=2026-10-01&to=2026-10-31');
    expect(results.statusCode).toBe(200);
    expect(results.json()[0]).toMatchObject({ levels: { 1: expect.any(Number), 5: expect.any(Number) } });
    for (const by of ['staff', 'window']) {
      const cards = await api.call(head, 'GET', `/api/v1/evaluations/scorecards?month=2026-10&by=${by}`);
      expect([cards.statusCode, cards.json().length > 0]).toEqual([200, true]);
    }
    const mine = (await api.call(head, 'GET', '/api/v1/evaluations/scorecards?month=2026-10')).json() as Array<{
      staffId: string;
    }>;
    expect(mine.some((r) => r.staffId === actor.id)).toBe(true);
    const sheet = await api.call(head, 'GET', '/api/v1/evaluations/scorecards?month=2026-10&by=window&format=csv');
    expect([sheet.statusCode, sheet.headers['content-type'], sheet.headers['content-disposition']]).toEqual([
      200,
      'text/csv; charset=utf-8',
      'attachment; filename="scorecards-window-2026-10.csv"',
    ]);
  });
});
