import type { Generated } from 'kysely';
import type { DateString, Timestamp } from '../../core/db/schema.ts';

/** The tables of the one-stop centre (migration 015): windows, slots, bookings, the queue, 好差评, consultants, publications. */
export interface CentreWindowsTable {
  id: Generated<string>;
  department_id: string;
  code: string;
  name: string;
  item_codes: Generated<string[]>;
  active: Generated<boolean>;
}

export interface AppointmentSlotsTable {
  id: Generated<string>;
  window_id: string;
  day: DateString;
  starts_at: string;
  ends_at: string;
  capacity: number;
  booked: Generated<number>;
  peak: Generated<boolean>;
}

export interface AppointmentPeakDaysTable {
  department_id: string;
  day: DateString;
  extra_capacity: number;
  reason: string;
}

export interface AppointmentsTable {
  id: Generated<string>;
  reference: string;
  kind: 'window' | 'homeVisit';
  slot_id: string | null;
  department_id: string;
  item_code: string;
  day: DateString;
  name: string;
  phone_enc: Buffer;
  phone_bidx: Buffer;
  phone_masked: string;
  address: string | null;
  reason: string | null;
  status: Generated<'booked' | 'cancelled' | 'arrived' | 'noShow' | 'visited'>;
  visit_staff_id: string | null;
  created_at: Timestamp;
  cancelled_at: Date | null;
}

export interface QueueTicketsTable {
  id: Generated<string>;
  department_id: string;
  day: DateString;
  seq: number;
  number: string;
  item_code: string | null;
  appointment_id: string | null;
  channel: 'kiosk' | 'portal' | 'appointment';
  status: Generated<'waiting' | 'called' | 'done' | 'noShow'>;
  window_id: string | null;
  taken_at: Timestamp;
  called_at: Date | null;
  finished_at: Date | null;
  called_by: string | null;
  transfers: Generated<number>;
  case_id: string | null;
}

/** The one-stop centre (migration 015_centre_windows_queue): windows, slots, bookings, the queue. */
declare module '../../core/db/schema.ts' {
  interface Tables {
    centre_windows: CentreWindowsTable;
    appointment_slots: AppointmentSlotsTable;
    appointment_peak_days: AppointmentPeakDaysTable;
    appointments: AppointmentsTable;
    queue_tickets: QueueTicketsTable;
  }
}
