import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorNamed, movableClock, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import type { Actor } from '../../core/auth/actor.ts';
import { enrolForTest, householdOf } from '../assistance/assistance.testkit.ts';
import type { CareService } from './care.service.ts';
import { generateVisitTasks, visitDay } from './visit-tasks.ts';

let app: App;
let care: CareService;
const day = movableClock('2026-11-02');
let township: Actor;
let community: Actor;
let payer: Actor;
let approver: Actor;

beforeAll(async () => {
  app = await testApp({ clock: day.clock });
  care = app.care;
  [township, community, payer, approver] = (await Promise.all(
    ['township', 'community', 'payer', 'approver'].map((u) => actorNamed(app, u)),
  )) as [Actor, Actor, Actor, Actor];
});
afterAll(async () => {
  await app?.close();
});

describe('preferential care (优抚)', () => {
  it('registers by category at the standard, pays quarterly through the cycles, and marks households also in 低保', async () => {
    const h = await householdOf(app, community.divisionCode, 2);
    const veteran = h.memberIds[0]!;
    const r = await care.register(township, {
      personId: veteran,
      category: 'disabled5',
      since: '2019-08-01',
      phone: '13912340000',
      bankName: '河津农商银行',
      account: '6217 1111 2222 3333 444',
    });
    // 五级: (100,000 − 4 × 8,000) yuan a year (demo standard), a quarter of it each quarter
    expect(r).toMatchObject({ programme: 'preferentialCare', frequency: 'quarterly', perPeriodFen: 1_700_000 });
    await expect(
      care.register(township, { personId: veteran, category: 'disabled5', since: '2019-08-01' }),
    ).rejects.toMatchObject({ status: 409, code: 'already_registered' });
    await expect(
      care.register(township, { personId: veteran, category: 'astronaut', since: '2019-08-01' }),
    ).rejects.toMatchObject({ status: 400, field: 'category' });
    await expect(
      care.register(community, { personId: veteran, category: 'martyrFamily', since: '2019-08-01' }),
    ).rejects.toMatchObject({ status: 403 });

    // the same household in 低保 too: both are paid, and the list says so
    await enrolForTest(app, [{ id: h.id, divisionCode: community.divisionCode, amountFen: 50_000 }]);
    const listed = await care.list(township, {});
    expect(listed.find((b) => b.id === r.id)).toMatchObject({
      alsoAllowance: true,
      amount_fen: 1_700_000,
      frequency: 'quarterly',
    });

    await expect(
      app.assistance.payments.draft(payer, {
        programme: 'preferentialCare',
        divisionCode: '140882',
        period: '2026-11',
      }),
    ).rejects.toMatchObject({ field: 'period' });
    const q4 = await app.assistance.payments.draft(payer, {
      programme: 'preferentialCare',
      divisionCode: '140882',
      period: '2026-10',
    });
    expect(q4).toMatchObject({ count: 1, totalFen: 1_700_000 });
    const allowance = await app.assistance.payments.draft(payer, {
      programme: 'urbanMinimumAllowance',
      divisionCode: '140882',
      period: '2026-11',
    });
    expect(allowance.count).toBe(1);
    await app.assistance.payments.approve(approver, q4.id);
  });

  it('owes each beneficiary a visit on the 18th (or the next working day), closed by a visit record', async () => {
    const calendar = await app.calendar.get();
    expect(visitDay(calendar, '2026-11')).toBe('2026-11-18');
    // 18 October 2026 is a Sunday
    expect(visitDay(calendar, '2026-10')).toBe('2026-10-19');
    expect(await generateVisitTasks(app.db, calendar, '2026-11')).toBe(1);
    expect(await generateVisitTasks(app.db, calendar, '2026-11')).toBe(0);
    const [task] = await care.visitTasks(community, '2026-11');
    expect(task).toMatchObject({ visit_on: '2026-11-18', record_id: null });
    day.set('2026-11-18');
    await care.addRecord(community, task!.beneficiary_id, {
      kind: 'sickCall',
      onDate: '2026-11-18',
      notes: '旧伤复发，联系乡卫生院上门诊治',
    });
    expect((await care.visitTasks(community, '2026-11'))[0]!.record_id).toBeNull();
    await care.addRecord(community, task!.beneficiary_id, {
      kind: 'visit',
      onDate: '2026-11-18',
      notes: '走访慰问，了解生活情况',
      problemSolved: '协调解决冬季取暖煤',
    });
    expect((await care.visitTasks(community, '2026-11'))[0]!.record_id).not.toBeNull();
    await expect(
      care.addRecord(community, task!.beneficiary_id, { kind: 'visit', onDate: '2026-12-01', notes: '未来的走访' }),
    ).rejects.toMatchObject({ field: 'onDate' });
    const detail = await care.get(township, task!.beneficiary_id);
    expect(detail.records.map((x) => x.kind)).toEqual(['visit', 'sickCall']);
  });

  it("pairs a cadre with the plan's five points, and takes opinions from those working away", async () => {
    const [b] = await care.list(township, {});
    await expect(
      care.addPairing(township, b!.id, {
        cadreId: township.id,
        plan: { time: '2026年', content: '帮助就业', plan: '', goal: '稳定收入', effect: '' },
      }),
    ).rejects.toMatchObject({ field: 'plan.plan' });
    await care.addPairing(township, b!.id, {
      cadreId: township.id,
      plan: {
        time: '2026年11月至2027年6月',
        content: '技能培训与就业推荐',
        plan: '每月走访一次',
        goal: '家庭有稳定收入',
        effect: '已推荐到县城物流园',
      },
      problemSolved: '子女就业',
    });
    expect((await care.get(township, b!.id)).pairings).toHaveLength(1);
    await expect(
      care.fileOpinion(
        { name: '张三', phone: '139', divisionCode: community.divisionCode, text: '希望帮忙办理优待证' },
        null,
      ),
    ).rejects.toMatchObject({ field: 'phone' });
    await care.fileOpinion(
      {
        name: '张三',
        phone: '13912345678',
        divisionCode: community.divisionCode,
        text: '在外务工，希望帮忙办理优待证',
      },
      null,
    );
    expect(await care.opinions(community)).toEqual([
      expect.objectContaining({ name: '张三', phone_masked: '139****5678' }),
    ]);
    await expect(care.opinions(await actorNamed(app, 'clerk2'))).rejects.toMatchObject({ status: 403 });
  });
});

describe('family-planning rewards (计生奖励扶助)', () => {
  it('lists the parents of an only child from 60 in the registry, enrols the chosen once, and pays them monthly', async () => {
    const { measure, people } = await app.assistance.familyPlanning.eligible(township);
    expect(measure).toMatchObject({ minAge: 60, monthlyFen: 8_000 });
    for (const p of people) expect(p.birth_date <= '1966-11-18').toBe(true);
    expect(people.length).toBeGreaterThan(0);
    const chosen = people.slice(0, 2).map((p) => p.id);
    const r = await app.assistance.familyPlanning.enrol(approver, [...chosen, '00000000-0000-0000-0000-000000000000']);
    expect(r).toEqual({ enrolled: chosen.length, refused: ['00000000-0000-0000-0000-000000000000'] });
    expect((await app.assistance.familyPlanning.enrol(approver, chosen)).enrolled).toBe(0);
    const after = await app.assistance.familyPlanning.eligible(township);
    expect(after.people.some((p) => chosen.includes(p.id))).toBe(false);
    const ents = await app.db
      .selectFrom('assistance_entitlements')
      .select(['beneficiary_id', 'amount_fen', 'frequency'])
      .where('programme', '=', 'familyPlanningReward')
      .execute();
    expect(ents.map((e) => e.beneficiary_id).sort()).toEqual([...chosen].sort());
  });
});

describe('work and training records', () => {
  it("records public-welfare labour with its hours and employment with its employer, and lists veterans' employment", async () => {
    const [b] = await care.list(township, {});
    const person = await care.get(township, b!.id);
    const personId = (
      await app.db
        .selectFrom('care_beneficiaries')
        .select('person_id')
        .where('id', '=', b!.id)
        .executeTakeFirstOrThrow()
    ).person_id;
    await expect(
      app.assistance.work.add(community, {
        personId,
        kind: 'publicWelfareLabour',
        onDate: '2026-11-10',
        notes: '清扫村道',
      }),
    ).rejects.toMatchObject({ field: 'hours' });
    await expect(
      app.assistance.work.add(community, { personId, kind: 'employment', onDate: '2026-11-10', notes: '物流分拣' }),
    ).rejects.toMatchObject({ field: 'organisation' });
    await app.assistance.work.add(community, {
      personId,
      kind: 'employment',
      onDate: '2026-11-10',
      organisation: '河津市物流园',
      notes: '物流分拣',
      outcome: '已签订劳动合同',
    });
    await app.assistance.work.add(community, {
      personId,
      kind: 'publicWelfareLabour',
      onDate: '2026-11-12',
      hours: 4,
      notes: '清扫村道',
    });
    expect(
      (await app.assistance.work.list(township, { kind: 'employment' })).map((w) => [w.name, w.organisation]),
    ).toEqual([[person.name, '河津市物流园']]);
    expect(await app.assistance.work.list(township, { personId })).toHaveLength(2);
    await expect(
      app.assistance.work.add(await actorNamed(app, 'clerk2'), {
        personId,
        kind: 'training',
        onDate: '2026-11-10',
        organisation: 'x',
        notes: '电工培训',
      }),
    ).rejects.toMatchObject({ status: 403 });
  });
});
