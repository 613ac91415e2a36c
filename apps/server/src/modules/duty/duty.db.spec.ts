import { DutyLogEntry, GenerateRota } from '@grassroots/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../../../test/pdf-text.ts';
import { actorNamed, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import type { Actor } from '../../core/auth/actor.ts';
import { renderDutyLogPdf, renderRotaPdf } from './duty-log.pdf.ts';
import type { DutyService } from './duty.service.ts';

let app: App;
let duty: DutyService;
let head: Actor;
let clerk: Actor;
let centreId = '';

beforeAll(async () => {
  app = await testApp();
  duty = app.duty;
  head = await actorNamed(app, 'centrehead');
  clerk = await actorNamed(app, 'clerk');
  centreId = clerk.departmentId;
});
afterAll(async () => {
  await app?.close();
});

describe('the duty rota (值日制)', () => {
  it('takes leaders in turn, continues from the last one, skips non-working days when asked, and swaps', async () => {
    await expect(
      duty.generate(
        clerk,
        GenerateRota.parse({ departmentId: centreId, from: '2026-10-01', to: '2026-10-03', leaderIds: [head.id] }),
      ),
    ).rejects.toMatchObject({ status: 403 });
    expect(
      await duty.generate(
        head,
        GenerateRota.parse({
          departmentId: centreId,
          from: '2026-10-01',
          to: '2026-10-03',
          leaderIds: [head.id, clerk.id],
        }),
      ),
    ).toEqual({ days: 3 });
    await duty.generate(
      head,
      GenerateRota.parse({
        departmentId: centreId,
        from: '2026-10-04',
        to: '2026-10-05',
        leaderIds: [head.id, clerk.id],
      }),
    );
    const rota = await duty.rota(head, centreId, '2026-10-01', '2026-10-05');
    expect(rota.map((r) => r.leaderId)).toEqual([head.id, clerk.id, head.id, clerk.id, head.id]);
    // working days only: the National Day week is skipped, the make-up Saturday 10-10 is kept
    expect(
      await duty.generate(
        head,
        GenerateRota.parse({
          departmentId: centreId,
          from: '2026-10-06',
          to: '2026-10-12',
          leaderIds: [head.id, clerk.id],
          workingDaysOnly: true,
        }),
      ),
    ).toEqual({ days: 4 });
    expect((await duty.rota(head, centreId, '2026-10-06', '2026-10-12')).map((r) => r.day)).toEqual([
      '2026-10-08',
      '2026-10-09',
      '2026-10-10',
      '2026-10-12',
    ]);
    await duty.swap(head, centreId, '2026-10-01', '2026-10-02');
    const swapped = await duty.rota(head, centreId, '2026-10-01', '2026-10-02');
    expect(swapped.map((r) => [r.leaderId, r.swapped])).toEqual([
      [clerk.id, true],
      [head.id, true],
    ]);
  });

  it('exports the rota as iCalendar', async () => {
    const ics = await duty.ics(head, centreId, '2026-10-01', '2026-10-05');
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(5);
    expect(ics).toContain('DTSTART;VALUE=DATE:20261001\r\nDTEND;VALUE=DATE:20261002');
    expect(ics.replace(/\r\n /g, '')).toContain(`SUMMARY:值日：${clerk.displayName}`);
    expect(ics.split('\r\n').every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
  });

  it('prints the rota, swapped days marked', async () => {
    const text = pdfText(
      await renderRotaPdf(
        '城关街道便民服务中心',
        '2026-10-01',
        '2026-10-05',
        await duty.rota(head, centreId, '2026-10-01', '2026-10-05'),
      ),
    ).replace(/[ \t]+/g, ' ');
    expect(text).toMatch(new RegExp(`2026-10-01 周四 ${clerk.displayName.replace(/[()（）]/g, '.')} 已调班`));
    expect(text).toContain('2026-10-03 周六');
  });
});

describe('the duty log (值日簿)', () => {
  it('is written by the leader on duty, records an emergency with the villages notified, and prints', async () => {
    // 10-01 is the clerk's day after the swap
    await duty.addLog(
      clerk,
      DutyLogEntry.parse({
        departmentId: centreId,
        day: '2026-10-01',
        kind: 'visitor',
        atTime: '09:20',
        text: '接待群众反映道路积水',
      }),
    );
    await expect(
      duty.addLog(
        await actorNamed(app, 'clerk2'),
        DutyLogEntry.parse({
          departmentId: centreId,
          day: '2026-10-01',
          kind: 'matter',
          atTime: '10:00',
          text: '代为值日',
        }),
      ),
    ).rejects.toMatchObject({ status: 403 });
    const villages = await app.db
      .selectFrom('divisions')
      .select(['code', 'name'])
      .where('parent_code', '=', clerk.divisionCode)
      .where('level', '=', 5)
      .orderBy('code')
      .limit(2)
      .execute();
    const foreign = await app.db
      .selectFrom('divisions')
      .select('code')
      .where('level', '=', 5)
      .where('code', 'not like', `${clerk.divisionCode.slice(0, 9)}%`)
      .executeTakeFirstOrThrow();
    const storm = {
      departmentId: centreId,
      day: '2026-10-01',
      kind: 'emergency',
      atTime: '14:05',
      text: '接市气象台暴雨橙色预警，组织防汛',
      details: {
        warning: '暴雨橙色预警',
        villagesNotified: villages.map((v) => v.code),
        broadcasts: 3,
        inspections: ['沿河低洼地段', '危旧房屋'],
      },
    };
    await expect(
      duty.addLog(
        clerk,
        DutyLogEntry.parse({ ...storm, details: { ...storm.details, villagesNotified: [foreign.code] } }),
      ),
    ).rejects.toMatchObject({ status: 400, field: 'details.villagesNotified' });
    await duty.addLog(clerk, DutyLogEntry.parse(storm));
    await duty.addLog(
      clerk,
      DutyLogEntry.parse({
        departmentId: centreId,
        day: '2026-10-01',
        kind: 'handover',
        atTime: '17:30',
        text: '防汛值守交下一班继续',
      }),
    );
    const log = await duty.log(head, centreId, '2026-10-01');
    expect(log.entries.map((e) => e.kind)).toEqual(['visitor', 'emergency', 'handover']);
    const text = pdfText(await renderDutyLogPdf(log)).replace(/\s+/g, '');
    for (const expected of [
      '值日簿',
      `值日领导：${clerk.displayName}`,
      '暴雨橙色预警',
      villages[0]!.name,
      '广播：3次',
      '沿河低洼地段',
      '交接班',
    ])
      expect(text).toContain(expected);
  });
});
