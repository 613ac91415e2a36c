import { NewAttempt, NewDispute } from '@grassroots/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorNamed, testApp } from '../../../test/helpers.ts';
import { pdfText } from '../../../test/pdf-text.ts';
import type { App } from '../../compose.ts';
import type { Actor } from '../../core/auth/actor.ts';
import { DisputesService } from './disputes.service.ts';

let app: App;
let community: Actor;
let disputes: DisputesService;

beforeAll(async () => {
  app = await testApp();
  community = await actorNamed(app, 'community');
  disputes = new DisputesService(app.db, app.documents, app.clock, () => 3);
});
afterAll(async () => {
  await app?.close();
});

const rawDispute = (over: Record<string, unknown> = {}) => ({
  title: '物业费与漏水维修纠纷',
  categoryCode: 'property.services',
  divisionCode: community.divisionCode,
  parties: [
    { kind: 'person', name: '李某', role: '业主' },
    { kind: 'organisation', name: '龙门物业服务有限公司', role: '物业公司' },
  ],
  facts: '业主以楼顶漏水未修为由拒交物业费，物业公司催缴',
  ...over,
});
const rawAttempt = (over: Record<string, unknown> = {}) => ({
  kind: 'peoplesMediation',
  level: 'community',
  organ: '龙门社区人民调解委员会',
  mediator: '张调解员',
  onDate: '2026-10-12',
  attendees: ['李某', '龙门物业服务有限公司'],
  result: 'notAgreed',
  ...over,
});

// what the route hands the service: the body parsed by its contract
const dispute = (over: Record<string, unknown> = {}) => NewDispute.parse(rawDispute(over));
const attempt = (over: Record<string, unknown> = {}) => NewAttempt.parse(rawAttempt(over));
/** The fields a contract refuses in a body (the route answers 400 naming the first). */
const refused = (schema: typeof NewDispute | typeof NewAttempt, body: unknown) =>
  schema.safeParse(body).error?.issues.map((i) => i.path.join('.'));

describe('disputes (矛盾纠纷)', () => {
  it('records attempts, links the same dispute coming back, and flags it after three failures', async () => {
    await expect(disputes.record(await actorNamed(app, 'clerk2'), dispute())).rejects.toMatchObject({ status: 403 });
    expect(refused(NewDispute, rawDispute({ parties: [{ kind: 'person', name: '李某' }] }))).toEqual(['parties']);
    const foreign = (
      await app.db
        .selectFrom('divisions')
        .select('code')
        .where('level', '=', 5)
        .where('code', '!=', community.divisionCode)
        .orderBy('code', 'desc')
        .executeTakeFirstOrThrow()
    ).code;
    await expect(disputes.record(community, dispute({ divisionCode: foreign }))).rejects.toMatchObject({
      status: 400,
      field: 'divisionCode',
    });
    const first = await disputes.record(community, dispute());
    expect(refused(NewAttempt, rawAttempt({ level: undefined }))).toEqual(['level']);
    expect(refused(NewAttempt, rawAttempt({ result: 'agreed' }))).toEqual(['agreement']);
    expect(refused(NewAttempt, rawAttempt({ result: 'awarded' }))).toEqual(['result']);
    expect(await disputes.addAttempt(community, first.id, attempt())).toMatchObject({
      failedAttempts: 1,
      flagged: null,
    });
    expect(
      await disputes.addAttempt(
        community,
        first.id,
        attempt({
          onDate: '2026-10-20',
          kind: 'administrativeMediation',
          level: undefined,
          organ: '河津市住房和城乡建设局',
        }),
      ),
    ).toMatchObject({ failedAttempts: 2, flagged: null });
    // months later the same parties are back: the earlier record is suggested and linked
    const similar = await disputes.similar(community, {
      divisionCode: community.divisionCode,
      categoryCode: 'property.services',
      partyNames: ['龙门物业服务有限公司'],
    });
    expect(similar.map((d) => d.number)).toContain(first.number);
    const again = await disputes.record(community, dispute({ facts: '业主仍拒交物业费', previousDisputeId: first.id }));
    expect(await disputes.addAttempt(community, again.id, attempt({ onDate: '2027-01-08' }))).toMatchObject({
      failedAttempts: 3,
      flagged: 'arbitration',
    });
    const history = await disputes.history(community, again.id);
    expect(history.attempts.map((a) => a.disputeNumber)).toEqual([first.number, first.number, again.number]);
    expect(history).toMatchObject({ failedAttempts: 3, flagged: 'arbitration' });
  });

  it('turns an agreement into a numbered PDF with the 30 days for judicial confirmation, and follows it up', async () => {
    const d = await disputes.record(
      community,
      dispute({
        title: '邻里漏水纠纷',
        parties: [
          { kind: 'person', name: '王某' },
          { kind: 'person', name: '赵某' },
        ],
      }),
    );
    const agreed = await disputes.addAttempt(
      community,
      d.id,
      attempt({ result: 'agreed', agreement: '赵某于10月31日前修复卫生间防水并赔偿王某800元' }),
    );
    expect(agreed.confirmationDue).toBe('2026-11-11');
    const doc = await app.db
      .selectFrom('documents')
      .select(['title', 'content'])
      .where('id', '=', agreed.documentId!)
      .executeTakeFirstOrThrow();
    expect(doc.title).toBe('人民调解协议书');
    expect(JSON.stringify(doc.content)).toContain('司法确认');
    // the PDF is reached through the attempt, inside the dispute's jurisdiction
    const pdf = pdfText(await app.documents.pdf((await disputes.agreementDocument(community, agreed.id)).id)).replace(
      /\s+/g,
      '',
    );
    expect(pdf).toContain('赔偿王某800元');
    await expect(disputes.agreementDocument(await actorNamed(app, 'operator'), agreed.id)).resolves.toMatchObject({
      id: agreed.documentId,
    });
    await expect(disputes.agreementDocument(await actorNamed(app, 'clerk'), agreed.id)).rejects.toMatchObject({
      status: 403,
    });
    expect(
      (await app.db.selectFrom('disputes').select('status').where('id', '=', d.id).executeTakeFirstOrThrow()).status,
    ).toBe('settled');
    const pending = await disputes.followUps(community, 3650);
    expect(pending.map((p) => p.id)).toContain(agreed.id);
    await disputes.followUp(community, agreed.id, { performance: 'breached', note: '赵某未按期修复' });
    expect(
      (await app.db.selectFrom('disputes').select('status').where('id', '=', d.id).executeTakeFirstOrThrow()).status,
    ).toBe('open');
    await expect(disputes.followUp(community, agreed.id, { performance: 'performed', note: '' })).rejects.toMatchObject(
      { status: 409 },
    );
  });
});
