import { describe, expect, it } from 'vitest';
import { serviceApplicationType } from '../../src/modules/service-application/service-application.workflow.ts';
import { shippedNotices } from '../../src/core/calendar/calendar.service.ts';
import { WorkingCalendar } from '../../src/core/calendar/working-calendar.ts';
import { CaseTypeRegistry } from '../../src/core/cases/case-type.ts';
import { deriveCase, type LoggedAction } from '../../src/core/cases/derive.ts';

const calendar = new WorkingCalendar(shippedNotices());
const type = new CaseTypeRegistry().register(serviceApplicationType);
const DEPT_A = '00000000-0000-0000-0000-00000000000a';
const DEPT_B = '00000000-0000-0000-0000-00000000000b';

let seq = 0;
const act = (day: string, action: string, inputs: Record<string, unknown> = {}): LoggedAction => ({
  seq: ++seq,
  action,
  at: new Date(`${day}T10:00:00+08:00`),
  actorId: null,
  actorDepartmentId: DEPT_A,
  inputs,
});
const opened = (day: string) => {
  seq = 0;
  return act(day, 'open', { departmentId: DEPT_A, fields: { item: 'x' } });
};

describe('derived case state', () => {
  it('starts both clocks on acceptance and skips the National Day holiday', () => {
    const d = deriveCase(type, [opened('2026-09-30'), act('2026-09-30', 'accept')], calendar, '2026-09-30');
    expect(d.status).toBe('accepted');
    expect(d.clocks.find((c) => c.code === 'promised')!.dueDate).toBe('2026-10-13');
    expect(d.dueDate).toBe('2026-10-13');
    expect(d.dueState).toBe('normal');
  });

  it('pauses while materials are missing and pushes the due date by the paused working days', () => {
    const log = [
      opened('2026-11-02'),
      act('2026-11-02', 'accept'),
      act('2026-11-04', 'requestMaterials', { fields: { missingMaterials: ['户口簿'] } }),
    ];
    const paused = deriveCase(type, log, calendar, '2026-11-10');
    expect(paused.dueState).toBe('paused');
    expect(paused.dueDate).toBeNull();
    expect(paused.flags).toEqual(['materialsPending']);
    const promised = paused.clocks.find((c) => c.code === 'promised')!;
    expect(promised.usedDays).toBe(2);
    // resumed a week later: 3 working days left, counted from 2026-11-11
    const resumed = deriveCase(type, [...log, act('2026-11-11', 'supplyMaterials')], calendar, '2026-11-11');
    expect(resumed.clocks.find((c) => c.code === 'promised')!.dueDate).toBe('2026-11-16');
    expect(resumed.flags).toEqual([]);
    expect(resumed.clocks[0]!.explanation.map((e) => e.event)).toEqual(['start', 'pause', 'resume']);
  });

  it('turns yellow from the due-soon share and red after the due date', () => {
    const log = [opened('2026-11-02'), act('2026-11-02', 'accept')];
    // promised: 5 working days, yellow at 60% = 3 days → 2026-11-05; due 2026-11-09
    expect(deriveCase(type, log, calendar, '2026-11-04').dueState).toBe('normal');
    expect(deriveCase(type, log, calendar, '2026-11-05').dueState).toBe('dueSoon');
    expect(deriveCase(type, log, calendar, '2026-11-09').dueState).toBe('dueSoon');
    expect(deriveCase(type, log, calendar, '2026-11-10').dueState).toBe('overdue');
  });

  it('extends the clocks through the approval action', () => {
    const log = [
      opened('2026-11-02'),
      act('2026-11-02', 'accept'),
      act('2026-11-03', 'approveExtension', { fields: { days: 3 } }),
    ];
    const d = deriveCase(type, log, calendar, '2026-11-03');
    const promised = d.clocks.find((c) => c.code === 'promised')!;
    expect(promised.extensionDays).toBe(3);
    expect(promised.dueDate).toBe('2026-11-12');
  });

  it('stops every clock in a final state and records whether it ran over', () => {
    const log = [
      opened('2026-11-02'),
      act('2026-11-02', 'accept'),
      act('2026-11-03', 'review', { fields: { recommendation: 'approve' } }),
      act('2026-11-04', 'decide', { fields: { decision: 'approved' } }),
      act('2026-11-20', 'close'),
    ];
    const d = deriveCase(type, log, calendar, '2026-11-25');
    expect(d.isOpen).toBe(false);
    expect(d.dueState).toBe('none');
    const promised = d.clocks.find((c) => c.code === 'promised')!;
    expect(promised.state).toBe('stopped');
    expect(promised.usedDays).toBe(14);
    expect(promised.overdueAtStop).toBe(true);
  });

  it('moves ownership on transfer and keeps assisting departments apart from the lead', () => {
    const log = [
      opened('2026-11-02'),
      act('2026-11-02', 'setAssisting', { departmentIds: [DEPT_B, DEPT_A] }),
      act('2026-11-03', 'transfer', { toDepartmentId: DEPT_B }),
      act('2026-11-03', 'supervise'),
    ];
    const d = deriveCase(type, log, calendar, '2026-11-03');
    expect(d.owningDepartmentId).toBe(DEPT_B);
    expect(d.leadDepartmentId).toBe(DEPT_B);
    expect(d.assistingDepartmentIds).toEqual([]);
    expect(d.flags).toEqual(['supervised']);
    expect(d.version).toBe(4);
  });

  it('refuses an invalid case type at start-up', () => {
    const bad = {
      ...serviceApplicationType,
      code: 'bad',
      actions: [{ ...serviceApplicationType.actions[0]!, to: 'nowhere' }],
    };
    expect(() => new CaseTypeRegistry().register(bad)).toThrow(/unknown state nowhere/);
    const noDays = {
      ...serviceApplicationType,
      code: 'bad2',
      actions: [
        { code: 'ext', label: 'x', from: ['accepted'], roles: ['reviewer'], clocks: { promised: 'extend' as const } },
      ],
    };
    expect(() => new CaseTypeRegistry().register(noDays)).toThrow(/integer field "days"/);
  });
});
