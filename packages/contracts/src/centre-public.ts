import { z } from 'zod';
import { CentreWindow } from './centre.ts';
import { CalendarDate } from './dates.ts';
import { defineEndpoint, Instant } from './endpoint.ts';

/** 政务服务中心 for residents, without signing in (政务公开): the kiosk, the booking pages, the hall screen. */
const tags = ['public'];

const byId = z.object({ id: z.uuid() });

/** A centre that takes numbers and bookings (it has an active window). */
export const PublicCentre = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  hours: z.string().nullable(),
});
export type PublicCentre = z.infer<typeof PublicCentre>;

export const SlotQuery = z.object({
  itemCode: z.string().max(40),
  from: CalendarDate.optional(),
  to: CalendarDate.optional(),
});
export type SlotQuery = z.infer<typeof SlotQuery>;

/** A slot with places left, at a window that serves the item. */
export const OpenSlot = z.object({
  id: z.string(),
  day: CalendarDate,
  startsAt: z.string(),
  endsAt: z.string(),
  /** enlarged for a peak day */
  peak: z.boolean(),
  windowCode: z.string(),
  windowName: z.string(),
  left: z.number().int(),
});
export type OpenSlot = z.infer<typeof OpenSlot>;

export const BookSlot = z.object({
  slotId: z.uuid(),
  itemCode: z.string().max(40),
  name: z.string().max(40),
  phone: z.string().max(20),
});
export type BookSlot = z.infer<typeof BookSlot>;

/** A booking: new (201, with its time and window), or the same phone's booking of that slot again (200, `repeated`). */
export const Booking = z.object({
  id: z.string(),
  reference: z.string(),
  day: CalendarDate,
  startsAt: z.string().optional(),
  endsAt: z.string().optional(),
  windowName: z.string().optional(),
  itemName: z.string().optional(),
  repeated: z.boolean(),
});
export type Booking = z.infer<typeof Booking>;

export const CancelBooking = z.object({ reference: z.string().max(20), phone: z.string().max(20) });
export type CancelBooking = z.infer<typeof CancelBooking>;

export const HomeVisitRequest = z.object({
  departmentId: z.uuid(),
  itemCode: z.string().max(40),
  name: z.string().trim().min(1).max(40),
  phone: z.string().max(20),
  address: z.string().trim().min(2).max(200),
  reason: z.string().trim().min(2).max(500),
  day: CalendarDate,
});
export type HomeVisitRequest = z.infer<typeof HomeVisitRequest>;

export const TakeTicket = z.object({
  itemCode: z.string().max(40).optional(),
  /** with a booking reference the number is a Y number and the booking is marked arrived */
  appointmentReference: z.string().max(20).optional(),
  channel: z.enum(['kiosk', 'portal']).default('kiosk'),
});
export type TakeTicket = z.infer<typeof TakeTicket>;

/** A number taken: how many wait before it; the same booking again gets the same number (`repeated`). */
export const Ticket = z.object({
  id: z.string(),
  number: z.string(),
  seq: z.number().int(),
  day: CalendarDate,
  ahead: z.number().int(),
  repeated: z.boolean(),
});
export type Ticket = z.infer<typeof Ticket>;

/** The hall screen: nothing personal. */
export const HallBoard = z.object({
  day: CalendarDate,
  calling: z.array(
    z.object({ number: z.string(), windowCode: z.string(), windowName: z.string(), calledAt: Instant.nullable() }),
  ),
  waitingCount: z.number().int(),
  /** the next numbers waiting, at most ten */
  next: z.array(z.string()),
  medianWaitMinutes: z.number().nullable(),
});
export type HallBoard = z.infer<typeof HallBoard>;

export const centrePublic = {
  centres: defineEndpoint({
    method: 'GET',
    path: '/public/centres',
    tags,
    summary: '服务中心 Centres taking numbers and bookings',
    response: z.array(PublicCentre),
  }),
  windows: defineEndpoint({
    method: 'GET',
    path: '/public/centres/:id/windows',
    tags,
    summary: "窗口 A centre's windows",
    params: byId,
    response: z.array(CentreWindow),
  }),
  slots: defineEndpoint({
    method: 'GET',
    path: '/public/centres/:id/slots',
    tags,
    summary: '可预约时段 Open slots for an item',
    params: byId,
    query: SlotQuery,
    response: z.array(OpenSlot),
  }),
  book: defineEndpoint({
    method: 'POST',
    path: '/public/appointments',
    tags,
    summary: '预约 Book a slot (an SMS confirms it); the same phone and slot again returns the same booking (200)',
    body: BookSlot,
    response: Booking,
    status: 201,
  }),
  cancel: defineEndpoint({
    method: 'POST',
    path: '/public/appointments/cancel',
    tags,
    summary: '取消预约 Cancel with the reference and the phone that booked',
    body: CancelBooking,
    response: z.object({ reference: z.string(), status: z.literal('cancelled') }),
  }),
  homeVisit: defineEndpoint({
    method: 'POST',
    path: '/public/home-visits',
    tags,
    summary: '上门服务申请 Ask for a home visit',
    body: HomeVisitRequest,
    response: z.object({ id: z.string(), reference: z.string(), day: CalendarDate }),
    status: 201,
  }),
  takeTicket: defineEndpoint({
    method: 'POST',
    path: '/public/centres/:id/tickets',
    tags,
    summary: '取号 Take a number (kiosk or portal), or with a booking reference',
    params: byId,
    body: TakeTicket,
    response: Ticket,
    status: 201,
  }),
  board: defineEndpoint({
    method: 'GET',
    path: '/public/centres/:id/board',
    tags,
    summary: '叫号屏 The hall screen: numbers called, waiting, median wait',
    params: byId,
    response: HallBoard,
  }),
};
