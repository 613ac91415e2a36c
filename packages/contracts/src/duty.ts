import { z } from 'zod';
import { CalendarDate } from './dates.ts';
import { defineEndpoint, fileReply } from './endpoint.ts';

/** 值日制、值日簿: the leaders' duty rota of a department and the day's duty log. */
const tags = ['duty'];

export const GenerateRota = z
  .object({
    departmentId: z.uuid(),
    from: CalendarDate,
    to: CalendarDate,
    leaderIds: z.array(z.uuid()).min(1).max(20),
    /** a township's leaders are on duty every day (365); a centre may rota its working days only */
    workingDaysOnly: z.boolean().default(false),
  })
  .refine((p) => p.to >= p.from, { path: ['to'], message: '结束日期早于开始日期 / to is before from' });
export type GenerateRota = z.infer<typeof GenerateRota>;

export const SwapDuty = z.object({ departmentId: z.uuid(), dayA: CalendarDate, dayB: CalendarDate });
export type SwapDuty = z.infer<typeof SwapDuty>;

export const RotaRange = z.object({ departmentId: z.uuid(), from: CalendarDate, to: CalendarDate });
export type RotaRange = z.infer<typeof RotaRange>;

export const RotaDay = z.object({
  day: CalendarDate,
  leaderId: z.string(),
  leader: z.string(),
  /** the day changed hands by a swap (调班) */
  swapped: z.boolean(),
});
export type RotaDay = z.infer<typeof RotaDay>;

export const DutyLogKind = z.enum(['visitor', 'matter', 'emergency', 'handover']);
export type DutyLogKind = z.infer<typeof DutyLogKind>;

/** an emergency (a storm warning …): the warning, villages notified, broadcasts made, inspections done */
export const EmergencyDetails = z.object({
  warning: z.string().max(200).optional(),
  villagesNotified: z
    .array(z.string().regex(/^\d{12}$/))
    .max(500)
    .optional(),
  broadcasts: z.number().int().min(0).max(1000).optional(),
  inspections: z.array(z.string().max(200)).max(100).optional(),
});
export type EmergencyDetails = z.infer<typeof EmergencyDetails>;

export const DutyLogEntry = z.object({
  departmentId: z.uuid(),
  day: CalendarDate,
  kind: DutyLogKind,
  atTime: z.string().regex(/^[0-2]\d:[0-5]\d$/, '时间格式应为 HH:MM / time as HH:MM'),
  text: z.string().trim().min(2).max(4000),
  details: EmergencyDetails.default({}),
});
export type DutyLogEntry = z.infer<typeof DutyLogEntry>;

export const DutyLogDay = z.object({ departmentId: z.uuid(), day: CalendarDate });
export type DutyLogDay = z.infer<typeof DutyLogDay>;

/** A day's duty book: who was on duty and what was written, villages by name. */
export const DutyLog = z.object({
  department: z.string(),
  day: CalendarDate,
  leader: z.string().nullable(),
  entries: z.array(
    z.object({
      id: z.number(),
      kind: DutyLogKind,
      atTime: z.string(),
      text: z.string(),
      details: EmergencyDetails,
      writtenBy: z.string(),
      villagesNotifiedNames: z.array(z.string()),
    }),
  ),
});
export type DutyLog = z.infer<typeof DutyLog>;

export const duty = {
  generate: defineEndpoint({
    method: 'POST',
    path: '/duty/rota/generate',
    tags,
    summary: '排值日 Make the rota: leaders in turn, continuing from the last',
    body: GenerateRota,
    response: z.object({ days: z.number().int() }),
  }),
  swap: defineEndpoint({
    method: 'POST',
    path: '/duty/rota/swap',
    tags,
    summary: '调班 Swap the leaders of two days',
    body: SwapDuty,
    response: z.object({ swapped: z.array(CalendarDate) }),
  }),
  rota: defineEndpoint({
    method: 'GET',
    path: '/duty/rota',
    tags,
    summary: '值日表 The rota of a range',
    query: RotaRange,
    response: z.array(RotaDay),
  }),
  rotaIcs: defineEndpoint({
    method: 'GET',
    path: '/duty/rota.ics',
    tags,
    summary: '值日表（iCalendar） The rota for a calendar app',
    query: RotaRange,
    response: fileReply('text/calendar; charset=utf-8', 'the rota as iCalendar (RFC 5545), one all-day event a day'),
  }),
  rotaPdf: defineEndpoint({
    method: 'GET',
    path: '/duty/rota.pdf',
    tags,
    summary: '值日表（PDF） The rota to post on the wall',
    query: RotaRange,
    response: fileReply('application/pdf', 'the rota, swapped days marked'),
  }),
  addLog: defineEndpoint({
    method: 'POST',
    path: '/duty/log',
    tags,
    summary: "值日记录 Write to the day's duty log (the leader on duty)",
    body: DutyLogEntry,
    response: z.object({ id: z.number() }),
    status: 201,
  }),
  log: defineEndpoint({
    method: 'GET',
    path: '/duty/log',
    tags,
    summary: "值日簿 A day's log",
    query: DutyLogDay,
    response: DutyLog,
  }),
  logPdf: defineEndpoint({
    method: 'GET',
    path: '/duty/log.pdf',
    tags,
    summary: "值日簿（PDF） A day's log to print and sign",
    query: DutyLogDay,
    response: fileReply('application/pdf', "the day's duty book, to sign"),
  }),
};
