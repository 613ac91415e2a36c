import type { DutyLogEntry, EmergencyDetails, GenerateRota } from '@grassroots/contracts';
import { type Actor, hasPermission, requirePermission } from '../../core/auth/actor.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import type { CalendarService } from '../../core/calendar/calendar.service.ts';
import { shiftDate } from '../../core/calendar/working-calendar.ts';
import type { Db } from '../../core/db/database.ts';
import { AppError, badInput, conflict } from '../../core/errors.ts';
import type { Clock } from '../../core/time.ts';
import { requireDepartment } from '../service-centre/index.ts';
import {
  findLastLeaderBefore,
  findLeaderNameOfDay,
  findOnDuty,
  getDepartmentDivision,
  getDepartmentName,
  insertLogEntry,
  listActiveLeaders,
  listDivisionCodesUnder,
  listDivisionNames,
  listLogEntriesInDepartment,
  listRotaInDepartment,
  lockRotaDays,
  setSwappedLeader,
  upsertRotaDays,
} from './duty.repository.ts';

/**
 * 值日制、值日簿: leaders take the duty day in turn (the rota continues where the last one stopped),
 * swap days, and the leader on duty writes the day's log — visitors, matters handled, emergencies
 * and the hand-over — which prints as the duty book and exports to any calendar.
 */
export class DutyService {
  constructor(
    private readonly db: Db,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
  ) {}

  /** The plan is parsed by its contract (the route does it), so its dates are real and `to` is not before `from`. */
  async generate(actor: Actor, plan: GenerateRota) {
    requirePermission(actor, 'centre.manage');
    await requireDepartment(this.db, actor, 'centre.manage', plan.departmentId);
    if ((Date.parse(plan.to) - Date.parse(plan.from)) / 86_400_000 > 366)
      throw badInput('to', '一次最多排一年', 'At most a year at once');
    const calendar = plan.workingDaysOnly ? await this.calendar.get() : undefined;
    return this.db.transaction().execute(async (tx) => {
      const leaders = await listActiveLeaders(tx, plan.leaderIds);
      if (leaders.length !== new Set(plan.leaderIds).size)
        throw badInput('leaderIds', '值日领导中有不存在或已停用的账户', 'A leader is unknown or inactive');
      // continue the turn from whoever was last on duty before the range
      const last = await findLastLeaderBefore(tx, plan.departmentId, plan.from);
      let turn = last ? (plan.leaderIds.indexOf(last.leader_id) + 1) % plan.leaderIds.length : 0;
      const rows: Array<{ department_id: string; day: string; leader_id: string; swapped: boolean }> = [];
      for (let d = plan.from; d <= plan.to; d = shiftDate(d, 1)) {
        if (calendar && !calendar.isWorkingDay(d)) continue;
        rows.push({ department_id: plan.departmentId, day: d, leader_id: plan.leaderIds[turn]!, swapped: false });
        turn = (turn + 1) % plan.leaderIds.length;
      }
      if (rows.length) await upsertRotaDays(tx, rows);
      await recordAudit(tx, {
        action: 'duty.rota_generated',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'department',
        targetId: plan.departmentId,
        details: { from: plan.from, to: plan.to, days: rows.length },
      });
      return { days: rows.length };
    });
  }

  /** 调班: two days change leaders. */
  async swap(actor: Actor, departmentId: string, dayA: string, dayB: string) {
    requirePermission(actor, 'centre.manage');
    await requireDepartment(this.db, actor, 'centre.manage', departmentId);
    return this.db.transaction().execute(async (tx) => {
      const rows = await lockRotaDays(tx, departmentId, [dayA, dayB]);
      const a = rows.find((r) => r.day === dayA);
      const b = rows.find((r) => r.day === dayB);
      if (!a || !b || dayA === dayB)
        throw badInput('days', '两个日期都须已排值日且不同', 'Both days must be on the rota, and differ');
      await setSwappedLeader(tx, departmentId, dayA, b.leader_id);
      await setSwappedLeader(tx, departmentId, dayB, a.leader_id);
      await recordAudit(tx, {
        action: 'duty.swapped',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'department',
        targetId: departmentId,
        details: { dayA, dayB },
      });
      return { swapped: [dayA, dayB] };
    });
  }

  async rota(actor: Actor, departmentId: string, from: string, to: string) {
    await requireDepartment(this.db, actor, 'centre.serve', departmentId);
    return listRotaInDepartment(this.db, departmentId, from, to);
  }

  /** The rota with its centre's name, for the printed sheet and the calendar. */
  async rotaSheet(actor: Actor, departmentId: string, from: string, to: string) {
    const rows = await this.rota(actor, departmentId, from, to);
    const dept = await getDepartmentName(this.db, departmentId);
    return { department: dept.name, rows };
  }

  /** Written by the leader on duty that day, or by whoever manages the rota. */
  async addLog(actor: Actor, entry: DutyLogEntry) {
    const onDuty = await findOnDuty(this.db, entry.departmentId, entry.day);
    if (onDuty?.leader_id !== actor.id) {
      if (!hasPermission(actor, 'centre.manage'))
        throw new AppError(
          403,
          'not_on_duty',
          '只有当日值日领导可以填写值日簿',
          'Only the leader on duty that day writes the log',
        );
      await requireDepartment(this.db, actor, 'centre.manage', entry.departmentId);
    }
    if (!onDuty) throw conflict('no_duty', `${entry.day} 未排值日`, `Nobody is on the rota on ${entry.day}`);
    const villages = entry.details.villagesNotified ?? [];
    if (villages.length) {
      const dept = await getDepartmentDivision(this.db, entry.departmentId);
      // the villages of the centre's township: the first 9 digits of a division code
      const known = await listDivisionCodesUnder(this.db, villages, dept.division_code.slice(0, 9));
      const unknown = villages.filter((v) => !known.some((k) => k.code === v));
      if (unknown.length)
        throw badInput(
          'details.villagesNotified',
          `不是本辖区的村（社区）：${unknown.join('、')}`,
          `Not villages of this jurisdiction: ${unknown.join(', ')}`,
        );
    }
    return this.db.transaction().execute(async (tx) => {
      const row = await insertLogEntry(tx, {
        department_id: entry.departmentId,
        day: entry.day,
        kind: entry.kind,
        at_time: entry.atTime,
        text: entry.text,
        details: JSON.stringify(entry.details),
        written_by: actor.id,
        written_at: this.clock(),
      });
      await recordAudit(tx, {
        action: 'duty.logged',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'department',
        targetId: entry.departmentId,
        details: { day: entry.day, kind: entry.kind },
      });
      return { id: row.id };
    });
  }

  async log(actor: Actor, departmentId: string, day: string) {
    await requireDepartment(this.db, actor, 'centre.serve', departmentId);
    return this.logOf(departmentId, day);
  }

  /** The day's log of a department already checked against the actor's scope (log() does it). */
  private async logOf(departmentId: string, day: string) {
    const leader = await findLeaderNameOfDay(this.db, departmentId, day);
    const dept = await getDepartmentName(this.db, departmentId);
    const entries = await listLogEntriesInDepartment(this.db, departmentId, day);
    const villageCodes = entries.flatMap((e) => (e.details as { villagesNotified?: string[] }).villagesNotified ?? []);
    const names = villageCodes.length
      ? new Map((await listDivisionNames(this.db, villageCodes)).map((v) => [v.code, v.name]))
      : new Map<string, string>();
    return {
      department: dept.name,
      day,
      leader: leader?.display_name ?? null,
      entries: entries.map((e) => {
        // written through the contract's EmergencyDetails (addLog), so read back as one
        const details = e.details as EmergencyDetails;
        return { ...e, details, villagesNotifiedNames: (details.villagesNotified ?? []).map((c) => names.get(c) ?? c) };
      }),
    };
  }

  /** The rota as iCalendar (RFC 5545): one all-day event per duty day, for any phone's calendar. */
  async ics(actor: Actor, departmentId: string, from: string, to: string) {
    const { department, rows } = await this.rotaSheet(actor, departmentId, from, to);
    return toIcs(
      `${department}值日表`,
      rows.map((r) => ({ uid: `duty-${departmentId}-${r.day}@grassroots`, day: r.day, summary: `值日：${r.leader}` })),
      this.clock(),
    );
  }
}

const icsDate = (day: string) => day.replace(/-/g, '');
const icsText = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\n/g, '\\n');

/** Lines longer than 75 octets are folded (RFC 5545 3.1), never inside a character. */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  for (const ch of line) {
    if (Buffer.byteLength(current + ch) > (out.length ? 74 : 75)) {
      out.push(current);
      current = '';
    }
    current += ch;
  }
  out.push(current);
  return out.join('\r\n ');
}

export function toIcs(name: string, events: Array<{ uid: string; day: string; summary: string }>, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Grassroots//Duty rota//ZH',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${icsText(name)}`,
    'X-WR-TIMEZONE:Asia/Shanghai',
  ];
  for (const e of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${icsDate(e.day)}`,
      `DTEND;VALUE=DATE:${icsDate(shiftDate(e.day, 1))}`,
      `SUMMARY:${icsText(e.summary)}`,
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
