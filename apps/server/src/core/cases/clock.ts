import type { ClockView } from '@grassroots/contracts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { ClockSpec } from './case-type.ts';

export type ClockEvent = {
  on: string;
  effect: 'start' | 'pause' | 'resume' | 'stop' | 'extend' | 'restart';
  days?: number;
  action: string;
};
export type ClockState = ClockView & { kind: ClockSpec['kind']; overdueAtStop?: boolean };

const unitText = (unit: ClockSpec['unit']) => (unit === 'working' ? '个工作日' : '日');

/**
 * Replays a clock's events. The day an event happens is day 0 (counting starts the next day);
 * days between a pause and its resume do not count. Every change leaves a sentence in
 * `explanation`, so the case history can say why the due date is what it is.
 */
export function replayClock(spec: ClockSpec, events: ClockEvent[], calendar: WorkingCalendar): ClockState {
  const c: ClockState = {
    code: spec.code,
    label: spec.label,
    kind: spec.kind,
    unit: spec.unit,
    limitDays: spec.limitDays,
    extensionDays: 0,
    state: 'notStarted',
    usedDays: 0,
    startedOn: null,
    dueDate: null,
    dueSoonDate: null,
    explanation: [],
  };
  let segmentStart = '';
  const limit = () => c.limitDays + c.extensionDays;
  const projectDue = () => {
    c.dueDate = calendar.addDays(segmentStart, Math.max(0, limit() - c.usedDays), spec.unit);
    const soonAfter = Math.max(0, Math.ceil(limit() * spec.dueSoonShare) - c.usedDays);
    c.dueSoonDate = calendar.addDays(segmentStart, soonAfter, spec.unit);
  };
  // a due date in a year still on its provisional calendar says so: the notice's 调休 may move it
  const provisional = () =>
    c.dueDate && calendar.isProvisional(Number(c.dueDate.slice(0, 4)))
      ? `（${c.dueDate.slice(0, 4)}年节假日安排未公布，暂按法定节假日计算）`
      : '';
  for (const e of events) {
    switch (e.effect) {
      case 'start':
        if (c.state !== 'notStarted') break;
        c.state = 'running';
        c.startedOn = e.on;
        segmentStart = e.on;
        projectDue();
        c.explanation.push({
          on: e.on,
          event: 'start',
          text: `${spec.label}开始计时：${limit()}${unitText(spec.unit)}，应于 ${c.dueDate} 前办结${provisional()}`,
        });
        break;
      case 'restart':
        // a new round with the full limit (an order dispatched again after a send-back, a matter reopened)
        c.state = 'running';
        c.usedDays = 0;
        c.extensionDays = 0;
        c.startedOn = e.on;
        delete c.overdueAtStop;
        segmentStart = e.on;
        projectDue();
        c.explanation.push({
          on: e.on,
          event: 'start',
          text: `${spec.label}重新计时：${limit()}${unitText(spec.unit)}，应于 ${c.dueDate} 前办结${provisional()}`,
        });
        break;
      case 'pause':
        if (c.state !== 'running') break;
        c.usedDays += calendar.countDays(segmentStart, e.on, spec.unit);
        c.state = 'paused';
        c.dueDate = null;
        c.dueSoonDate = null;
        c.explanation.push({
          on: e.on,
          event: 'pause',
          text: `${spec.label}暂停计时（已用 ${c.usedDays}${unitText(spec.unit)}，剩余 ${Math.max(0, limit() - c.usedDays)}${unitText(spec.unit)}），补正期间不计入办理时限`,
        });
        break;
      case 'resume':
        if (c.state !== 'paused') break;
        c.state = 'running';
        segmentStart = e.on;
        projectDue();
        c.explanation.push({
          on: e.on,
          event: 'resume',
          text: `${spec.label}恢复计时，截止日期顺延至 ${c.dueDate}${provisional()}`,
        });
        break;
      case 'extend': {
        if (c.state === 'stopped' || c.state === 'notStarted') break;
        const days = e.days ?? 0;
        c.extensionDays += days;
        if (c.state === 'running') projectDue();
        c.explanation.push({
          on: e.on,
          event: 'extend',
          text: `${spec.label}经批准延长 ${days}${unitText(spec.unit)}${c.dueDate ? `，截止日期改为 ${c.dueDate}` : ''}`,
        });
        break;
      }
      case 'stop':
        if (c.state === 'running') c.usedDays += calendar.countDays(segmentStart, e.on, spec.unit);
        if (c.state === 'notStarted' || c.state === 'stopped') break;
        c.overdueAtStop = c.usedDays > limit();
        c.state = 'stopped';
        c.explanation.push({
          on: e.on,
          event: 'stop',
          text: `${spec.label}停止计时：共用 ${c.usedDays}${unitText(spec.unit)}${c.overdueAtStop ? '，已超期' : '，未超期'}`,
        });
        break;
    }
  }
  return c;
}

export type DueState = 'none' | 'normal' | 'dueSoon' | 'overdue' | 'paused';

/** Yellow from the due-soon date, red after the due date; the nearest running clock decides. */
export function dueStateOf(
  clocks: ClockState[],
  today: string,
): { dueDate: string | null; dueSoonDate: string | null; dueState: DueState } {
  const running = clocks.filter((c) => c.state === 'running' && c.dueDate);
  if (running.length === 0)
    return { dueDate: null, dueSoonDate: null, dueState: clocks.some((c) => c.state === 'paused') ? 'paused' : 'none' };
  const dueDate = running.map((c) => c.dueDate!).sort()[0]!;
  const dueSoonDate = running.map((c) => c.dueSoonDate!).sort()[0]!;
  const dueState: DueState = today > dueDate ? 'overdue' : today >= dueSoonDate ? 'dueSoon' : 'normal';
  return { dueDate, dueSoonDate, dueState };
}
