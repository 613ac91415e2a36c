import { z } from 'zod';
import { CaseView } from './cases.ts';
import { CalendarDate } from './dates.ts';
import { Created, defineEndpoint } from './endpoint.ts';

/**
 * 政务服务中心 at the desk: the centre's set-up (windows, peak days, slots), the day's bookings and home
 * visits, the queue at the windows and the window intake (一窗受理). What residents use without signing in
 * (the kiosk, the booking pages, the hall screen) is in centre-public.ts.
 */
const tags = ['service centre'];

const byId = z.object({ id: z.uuid() });
/** a retry with the same key gets the first answer (8-128 characters) */
const idempotent = z.object({ 'idempotency-key': z.string().optional() }).loose();
const hhmm = z.string().regex(/^[0-2]\d:[0-5]\d$/, '时间格式应为 HH:MM / time as HH:MM');

export const AddWindow = z.object({
  departmentId: z.uuid(),
  code: z.string().trim().min(1).max(10),
  name: z.string().trim().min(1).max(60),
  /** the items the window serves; none: every item */
  itemCodes: z.array(z.string().max(40)).max(500).default([]),
});
export type AddWindow = z.infer<typeof AddWindow>;

export const PeakDay = z.object({
  departmentId: z.uuid(),
  day: CalendarDate,
  extraCapacity: z.number().int().min(1).max(500),
  reason: z.string().trim().min(1).max(200),
});
export type PeakDay = z.infer<typeof PeakDay>;

/** A plan of slots: the same times every working day of a range, on some or all of the centre's windows. */
export const SlotPlan = z
  .object({
    departmentId: z.uuid(),
    from: CalendarDate,
    to: CalendarDate,
    windowIds: z.array(z.uuid()).optional(),
    times: z
      .array(z.object({ startsAt: hhmm, endsAt: hhmm, capacity: z.number().int().min(1).max(500) }))
      .min(1)
      .max(24),
  })
  .superRefine((p, ctx) => {
    if (p.to < p.from)
      ctx.addIssue({ code: 'custom', path: ['to'], message: '结束日期早于开始日期 / to is before from' });
    p.times.forEach((t, i) => {
      if (t.endsAt <= t.startsAt)
        ctx.addIssue({
          code: 'custom',
          path: ['times', i, 'endsAt'],
          message: '结束时间应晚于开始时间 / ends before it starts',
        });
    });
  });
export type SlotPlan = z.infer<typeof SlotPlan>;

export const AppointmentKind = z.enum(['window', 'homeVisit']);
export const AppointmentStatus = z.enum(['booked', 'cancelled', 'arrived', 'noShow', 'visited']);

/** A booking or a home visit of the day as the centre sees it: the phone masked. */
export const DayBooking = z.object({
  id: z.string(),
  reference: z.string(),
  kind: AppointmentKind,
  status: AppointmentStatus,
  name: z.string(),
  /** masked: 138****8000 */
  phone: z.string(),
  address: z.string().nullable(),
  reason: z.string().nullable(),
  itemCode: z.string(),
  itemName: z.string().nullable(),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  windowName: z.string().nullable(),
  visitStaff: z.string().nullable(),
});
export type DayBooking = z.infer<typeof DayBooking>;

/** Send a member of the centre (staffId), or record the visit done. */
export const HomeVisitUpdate = z.object({ staffId: z.uuid().optional(), done: z.boolean().optional() });
export type HomeVisitUpdate = z.infer<typeof HomeVisitUpdate>;

export const CalledTicket = z.object({
  id: z.string(),
  number: z.string(),
  itemCode: z.string().nullable(),
  /** a booked visitor (a Y number) */
  appointment: z.boolean(),
  waitedMinutes: z.number().int(),
  windowCode: z.string(),
  windowName: z.string(),
});
export type CalledTicket = z.infer<typeof CalledTicket>;

export const CentreWindow = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  itemCodes: z.array(z.string()),
});
export type CentreWindow = z.infer<typeof CentreWindow>;

/** What a window has now: the number it serves, with the booking it came from. */
export const WindowNow = z.object({
  window: CentreWindow,
  ticket: z
    .object({
      id: z.string(),
      number: z.string(),
      itemCode: z.string().nullable(),
      booking: z.object({ reference: z.string(), name: z.string(), phone: z.string() }).nullable(),
      waitedMinutes: z.number().int(),
    })
    .nullable(),
});
export type WindowNow = z.infer<typeof WindowNow>;

/** A number after a window's command. */
export const TicketMoved = z.object({
  id: z.string(),
  number: z.string(),
  status: z.enum(['waiting', 'noShow', 'done']),
  /** the window it now waits at, after a transfer */
  windowCode: z.string().optional(),
});
export type TicketMoved = z.infer<typeof TicketMoved>;

/** Waiting times measured from the numbers of a day. */
export const QueueStats = z.object({
  day: CalendarDate,
  taken: z.number().int(),
  served: z.number().int(),
  noShow: z.number().int(),
  waiting: z.number().int(),
  booked: z.number().int(),
  medianWaitMinutes: z.number().nullable(),
  p90WaitMinutes: z.number().nullable(),
});
export type QueueStats = z.infer<typeof QueueStats>;

export const IntakeRequest = z.object({
  itemCode: z.string().min(1).max(40),
  personId: z.uuid(),
  /** the materials the clerk ticked as brought, by their names in the guide */
  provided: z.array(z.string().max(100)).max(50).default([]),
  /** handle here; take as agency (代办) and pass to the responsible department; or refer the applicant there */
  disposition: z.enum(['handle', 'agency', 'refer']).default('handle'),
  ticketId: z.uuid().optional(),
  note: z.string().max(500).optional(),
  /** working days to bring the materials that may come later (容缺) */
  pendingDays: z.number().int().min(1).max(30).default(5),
});
export type IntakeRequest = z.output<typeof IntakeRequest>;
/** What a caller gives (the defaults may be left out). */
export type IntakeInput = z.input<typeof IntakeRequest>;

export const IntakeOutcome = z.enum(['accepted', 'acceptedWithPending', 'servedOnTheSpot', 'refused', 'referred']);
export type IntakeOutcome = z.infer<typeof IntakeOutcome>;

/** The receipt, the one-time notice or the referral note, with the case (none for a referral). */
export const IntakeResult = z.object({
  case: CaseView.nullable(),
  documents: z.array(
    z.object({ id: z.string(), number: z.string(), kind: z.string(), title: z.string(), verificationCode: z.string() }),
  ),
  outcome: IntakeOutcome,
  /** refused: everything missing; accepted with pending materials: what may come later */
  missing: z.array(z.string()),
});
export type IntakeResult = z.infer<typeof IntakeResult>;

export const centre = {
  addWindow: defineEndpoint({
    method: 'POST',
    path: '/centre/windows',
    tags,
    summary: '新增窗口 Add a window to a centre',
    body: AddWindow,
    response: Created,
    status: 201,
  }),
  peakDay: defineEndpoint({
    method: 'POST',
    path: '/centre/peak-days',
    tags,
    summary: '高峰日预案 Extra capacity on a busy day',
    body: PeakDay,
    response: z.object({ day: CalendarDate, extraCapacity: z.number().int() }),
  }),
  generateSlots: defineEndpoint({
    method: 'POST',
    path: '/centre/slots/generate',
    tags,
    summary: '放号 Make slots on the working days of a range (holidays skipped, peak days enlarged)',
    body: SlotPlan,
    response: z.object({ created: z.number().int(), days: z.number().int() }),
  }),
  appointments: defineEndpoint({
    method: 'GET',
    path: '/centre/appointments',
    tags,
    summary: "预约名单 A centre's bookings and home visits of a day (phones masked)",
    query: z.object({ departmentId: z.uuid(), day: CalendarDate }),
    response: z.array(DayBooking),
  }),
  homeVisit: defineEndpoint({
    method: 'POST',
    path: '/centre/appointments/:id/home-visit',
    tags,
    summary: '上门服务 Send someone, or record the visit done',
    params: byId,
    body: HomeVisitUpdate,
    response: z.object({ id: z.string(), status: z.enum(['booked', 'visited']) }),
  }),
  callNext: defineEndpoint({
    method: 'POST',
    path: '/centre/windows/:id/call-next',
    tags,
    summary: '叫号 Call the next number at this window',
    params: byId,
    response: z.object({ ticket: CalledTicket.nullable() }),
  }),
  current: defineEndpoint({
    method: 'GET',
    path: '/centre/windows/:id/current',
    tags,
    summary: '窗口当前号码 What this window is serving',
    params: byId,
    response: WindowNow,
  }),
  transfer: defineEndpoint({
    method: 'POST',
    path: '/centre/tickets/:id/transfer',
    tags,
    summary: '转窗口 Send the number to another window',
    params: byId,
    body: z.object({ toWindowId: z.uuid() }),
    response: TicketMoved,
  }),
  noShow: defineEndpoint({
    method: 'POST',
    path: '/centre/tickets/:id/no-show',
    tags,
    summary: '过号 Not there when called',
    params: byId,
    response: TicketMoved,
  }),
  done: defineEndpoint({
    method: 'POST',
    path: '/centre/tickets/:id/done',
    tags,
    summary: '办结号码 Served',
    params: byId,
    body: z.object({ caseId: z.uuid().optional() }).default({}),
    response: TicketMoved,
  }),
  stats: defineEndpoint({
    method: 'GET',
    path: '/centre/queue/stats',
    tags,
    summary: '等候时间 Waiting times and numbers of a day (today by default)',
    query: z.object({ departmentId: z.uuid(), day: CalendarDate.optional() }),
    response: QueueStats,
  }),
  intake: defineEndpoint({
    method: 'POST',
    path: '/centre/intake',
    tags,
    summary:
      '一窗受理 Accept (receipt and promised date), accept with 容缺, serve at once, refuse with a one-time notice, take as agency or refer',
    headers: idempotent,
    body: IntakeRequest,
    response: IntakeResult,
    status: 201,
  }),
};
