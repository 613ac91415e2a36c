import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import { shanghaiDateOf } from '../time.ts';
import type { CaseType } from './case-type.ts';
import { type ClockEvent, type ClockState, type DueState, dueStateOf, replayClock } from './clock.ts';

export interface LoggedAction {
  seq: number;
  action: string;
  at: Date;
  actorId: string | null;
  actorDepartmentId: string | null;
  inputs: Record<string, unknown>;
}

export interface DerivedCase {
  version: number;
  status: string;
  isOpen: boolean;
  flags: string[];
  owningDepartmentId: string;
  leadDepartmentId: string | null;
  assistingDepartmentIds: string[];
  assigneeId: string | null;
  data: Record<string, unknown>;
  clocks: ClockState[];
  dueDate: string | null;
  dueSoonDate: string | null;
  dueState: DueState;
  closedAt: Date | null;
}

/** The case's data as its log has it so far: the opening's fields, then each action's, later ones winning. */
export function dataOfLog(log: LoggedAction[]): Record<string, unknown> {
  return Object.assign({}, ...log.map((a) => (a.inputs.fields as Record<string, unknown>) ?? {}));
}

const str = (v: unknown) => (typeof v === 'string' ? v : null);

/** A clock whose limit (and unit) the case carries in its data, e.g. the time limit of the catalogue item's version it was opened under. */
function clockFromData(spec: CaseType['clocks'][number], data: Record<string, unknown>): CaseType['clocks'][number] {
  const limit = spec.limitField ? data[spec.limitField] : undefined;
  const unit = spec.unitField ? data[spec.unitField] : undefined;
  return {
    ...spec,
    ...(Number.isInteger(limit) && (limit as number) >= 0 ? { limitDays: limit as number } : {}),
    ...(unit === 'working' || unit === 'calendar' ? { unit } : {}),
  };
}

/**
 * The one place a case's state comes from: a pure fold over its action log. The stored columns are
 * a cache of this, written in the same transaction as each action; a test rebuilds them.
 */
export function deriveCase(type: CaseType, log: LoggedAction[], calendar: WorkingCalendar, today: string): DerivedCase {
  const [opening, ...rest] = log;
  if (!opening || opening.action !== 'open') throw new Error('a case log starts with open');
  const ownerAtOpen = str(opening.inputs.departmentId) ?? opening.actorDepartmentId!;
  const d: DerivedCase = {
    version: log.length,
    status: type.initialState,
    isOpen: true,
    flags: [],
    owningDepartmentId: ownerAtOpen,
    leadDepartmentId: ownerAtOpen,
    assistingDepartmentIds: [],
    assigneeId: str(opening.inputs.assigneeId),
    data: { ...((opening.inputs.fields as Record<string, unknown>) ?? {}) },
    clocks: [],
    dueDate: null,
    dueSoonDate: null,
    dueState: 'none',
    closedAt: null,
  };
  const flags = new Set<string>();
  const clockEvents = new Map<string, ClockEvent[]>(
    type.clocks.map((c) => [
      c.code,
      c.startsOnOpen ? [{ on: shanghaiDateOf(opening.at), effect: 'start', action: 'open' }] : [],
    ]),
  );
  for (const a of rest) {
    const on = shanghaiDateOf(a.at);
    switch (a.action) {
      case 'transfer':
        d.owningDepartmentId = str(a.inputs.toDepartmentId)!;
        d.leadDepartmentId = d.owningDepartmentId;
        d.assistingDepartmentIds = d.assistingDepartmentIds.filter((x) => x !== d.owningDepartmentId);
        d.assigneeId = str(a.inputs.assigneeId);
        continue;
      case 'assign':
        d.assigneeId = str(a.inputs.assigneeId);
        continue;
      case 'setAssisting':
        d.assistingDepartmentIds = ((a.inputs.departmentIds as string[]) ?? []).filter((x) => x !== d.leadDepartmentId);
        continue;
      case 'supervise':
        flags.add('supervised');
        continue;
    }
    const spec = type.actions.find((x) => x.code === a.action);
    if (!spec) throw new Error(`case type ${type.code} has no action ${a.action}`);
    if (spec.to) d.status = spec.to;
    for (const f of spec.setFlags) flags.add(f);
    for (const f of spec.clearFlags) flags.delete(f);
    Object.assign(d.data, (a.inputs.fields as Record<string, unknown>) ?? {});
    for (const [clock, effect] of Object.entries(spec.clocks)) {
      const days = effect === 'extend' ? Number((a.inputs.fields as Record<string, unknown>)?.days ?? 0) : undefined;
      clockEvents.get(clock)!.push({ on, effect, action: a.action, ...(days !== undefined ? { days } : {}) });
    }
    if (type.states[d.status]?.final) {
      d.isOpen = false;
      d.closedAt = a.at;
      // a final state stops every clock still running
      for (const events of clockEvents.values()) events.push({ on, effect: 'stop', action: a.action });
    }
  }
  d.flags = [...flags].sort();
  d.clocks = type.clocks.map((spec) => replayClock(clockFromData(spec, d.data), clockEvents.get(spec.code)!, calendar));
  Object.assign(d, dueStateOf(d.clocks, today));
  return d;
}
