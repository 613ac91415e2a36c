-- replaces: 015_service_centre.sql
-- The one-stop centre (便民服务中心) around the catalogue: its windows, appointment slots and bookings,
-- the queue on the day. Split out of 015_service_centre.sql with 015_evaluations.sql (modules/evaluation)
-- and 015_publications.sql (modules/publications).

CREATE TABLE centre_windows (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  department_id uuid NOT NULL REFERENCES departments(id),
  code text NOT NULL,
  name text NOT NULL,
  item_codes text[] NOT NULL DEFAULT '{}',
  active boolean NOT NULL DEFAULT true,
  UNIQUE (department_id, code)
);
COMMENT ON TABLE centre_windows IS 'Windows (窗口) of a service centre';
COMMENT ON COLUMN centre_windows.id IS 'surrogate key';
COMMENT ON COLUMN centre_windows.department_id IS 'the service centre the window belongs to';
COMMENT ON COLUMN centre_windows.code IS 'short code shown on the hall screen (1号窗口 → "1")';
COMMENT ON COLUMN centre_windows.name IS 'name (综合受理窗口, 社保窗口 …)';
COMMENT ON COLUMN centre_windows.item_codes IS 'catalogue items served here; empty for a general window (综合窗口) that serves all';
COMMENT ON COLUMN centre_windows.active IS 'open for calling and booking';

CREATE TABLE appointment_slots (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  window_id uuid NOT NULL REFERENCES centre_windows(id),
  day date NOT NULL,
  starts_at text NOT NULL CHECK (starts_at ~ '^[0-2][0-9]:[0-5][0-9]$'),
  ends_at text NOT NULL CHECK (ends_at ~ '^[0-2][0-9]:[0-5][0-9]$' AND ends_at > starts_at),
  capacity integer NOT NULL CHECK (capacity >= 0),
  booked integer NOT NULL DEFAULT 0,
  peak boolean NOT NULL DEFAULT false,
  -- the database keeps a slot from being overbooked, whatever the code above it does
  CHECK (booked >= 0 AND booked <= capacity),
  UNIQUE (window_id, day, starts_at)
);
CREATE INDEX appointment_slots_day ON appointment_slots (day);
COMMENT ON TABLE appointment_slots IS 'Appointment slots per window and day; generated on working days only';
COMMENT ON COLUMN appointment_slots.id IS 'surrogate key';
COMMENT ON COLUMN appointment_slots.window_id IS 'the window';
COMMENT ON COLUMN appointment_slots.day IS 'business date (Asia/Shanghai), a working day of the calendar';
COMMENT ON COLUMN appointment_slots.starts_at IS 'start, HH:MM Beijing time';
COMMENT ON COLUMN appointment_slots.ends_at IS 'end, HH:MM Beijing time';
COMMENT ON COLUMN appointment_slots.capacity IS 'bookings the slot takes (a peak-day plan adds to it)';
COMMENT ON COLUMN appointment_slots.booked IS 'bookings held now; never above capacity';
COMMENT ON COLUMN appointment_slots.peak IS 'generated under a peak-day plan';

CREATE TABLE appointment_peak_days (
  department_id uuid NOT NULL REFERENCES departments(id),
  day date NOT NULL,
  extra_capacity integer NOT NULL CHECK (extra_capacity > 0),
  reason text NOT NULL,
  PRIMARY KEY (department_id, day)
);
COMMENT ON TABLE appointment_peak_days IS 'Peak-day plans (高峰日预案): extra capacity per slot on a known busy day';
COMMENT ON COLUMN appointment_peak_days.department_id IS 'the service centre';
COMMENT ON COLUMN appointment_peak_days.day IS 'the busy day';
COMMENT ON COLUMN appointment_peak_days.extra_capacity IS 'added to every slot of that day';
COMMENT ON COLUMN appointment_peak_days.reason IS 'why (a special date, the start of a benefit season …)';

CREATE TABLE appointments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reference text NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('window','homeVisit')),
  slot_id uuid REFERENCES appointment_slots(id),
  department_id uuid NOT NULL REFERENCES departments(id),
  item_code text NOT NULL,
  day date NOT NULL,
  name text NOT NULL,
  phone_enc bytea NOT NULL,
  phone_bidx bytea NOT NULL,
  phone_masked text NOT NULL,
  address text,
  reason text,
  status text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked','cancelled','arrived','noShow','visited')),
  visit_staff_id uuid REFERENCES users(id),
  created_at timestamptz NOT NULL,
  cancelled_at timestamptz,
  CHECK ((kind = 'window') = (slot_id IS NOT NULL)),
  CHECK (kind = 'window' OR address IS NOT NULL)
);
-- one booking per person and slot: a double click or a retry does not take two places
CREATE UNIQUE INDEX appointments_once_per_slot ON appointments (slot_id, phone_bidx) WHERE status = 'booked';
CREATE INDEX appointments_department_day ON appointments (department_id, day);
COMMENT ON TABLE appointments IS 'Bookings: a place in a window slot, or a home visit (上门服务) for someone who cannot come';
COMMENT ON COLUMN appointments.id IS 'surrogate key';
COMMENT ON COLUMN appointments.reference IS 'booking reference given to the resident (and sent by SMS)';
COMMENT ON COLUMN appointments.kind IS 'window (a slot) or homeVisit';
COMMENT ON COLUMN appointments.slot_id IS 'the slot held (window bookings)';
COMMENT ON COLUMN appointments.department_id IS 'the service centre';
COMMENT ON COLUMN appointments.item_code IS 'the catalogue item the visit is for';
COMMENT ON COLUMN appointments.day IS 'the day booked (or asked for, for a home visit)';
COMMENT ON COLUMN appointments.name IS 'name given by the resident';
COMMENT ON COLUMN appointments.phone_enc IS 'mobile number, SM4-encrypted';
COMMENT ON COLUMN appointments.phone_bidx IS 'HMAC-SM3 blind index of the number (one booking per slot, lookups)';
COMMENT ON COLUMN appointments.phone_masked IS 'the number masked for lists';
COMMENT ON COLUMN appointments.address IS 'where to visit (home visits)';
COMMENT ON COLUMN appointments.reason IS 'why a home visit is needed';
COMMENT ON COLUMN appointments.status IS 'booked, cancelled, arrived (took a number), noShow, visited (home visit done)';
COMMENT ON COLUMN appointments.visit_staff_id IS 'who is sent on the home visit';
COMMENT ON COLUMN appointments.created_at IS 'when booked';
COMMENT ON COLUMN appointments.cancelled_at IS 'when cancelled';

CREATE TABLE queue_tickets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  department_id uuid NOT NULL REFERENCES departments(id),
  day date NOT NULL,
  seq integer NOT NULL,
  number text NOT NULL,
  item_code text,
  appointment_id uuid UNIQUE REFERENCES appointments(id),
  channel text NOT NULL CHECK (channel IN ('kiosk','portal','appointment')),
  status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting','called','done','noShow')),
  window_id uuid REFERENCES centre_windows(id),
  taken_at timestamptz NOT NULL,
  called_at timestamptz,
  finished_at timestamptz,
  called_by uuid REFERENCES users(id),
  transfers integer NOT NULL DEFAULT 0,
  case_id uuid REFERENCES cases(id),
  UNIQUE (department_id, day, seq)
);
CREATE INDEX queue_tickets_waiting ON queue_tickets (department_id, day, seq) WHERE status = 'waiting';
COMMENT ON TABLE queue_tickets IS 'Queue numbers (取号) of a day, called at windows (叫号)';
COMMENT ON COLUMN queue_tickets.id IS 'surrogate key';
COMMENT ON COLUMN queue_tickets.department_id IS 'the service centre';
COMMENT ON COLUMN queue_tickets.day IS 'business date';
COMMENT ON COLUMN queue_tickets.seq IS '1, 2, … per centre and day';
COMMENT ON COLUMN queue_tickets.number IS 'what the hall screen shows: A for walk-ins, Y for appointments, and the seq';
COMMENT ON COLUMN queue_tickets.item_code IS 'the item asked for, when known';
COMMENT ON COLUMN queue_tickets.appointment_id IS 'the booking this number was taken for';
COMMENT ON COLUMN queue_tickets.channel IS 'kiosk, portal or appointment';
COMMENT ON COLUMN queue_tickets.status IS 'waiting, called (being served), done, noShow';
COMMENT ON COLUMN queue_tickets.window_id IS 'the window calling it, or the window it was transferred to while waiting';
COMMENT ON COLUMN queue_tickets.taken_at IS 'when the number was taken';
COMMENT ON COLUMN queue_tickets.called_at IS 'when first called (waiting time = called_at - taken_at)';
COMMENT ON COLUMN queue_tickets.finished_at IS 'when served or marked a no-show';
COMMENT ON COLUMN queue_tickets.called_by IS 'the clerk who called it';
COMMENT ON COLUMN queue_tickets.transfers IS 'times moved to another window';
COMMENT ON COLUMN queue_tickets.case_id IS 'the case opened for this visit';
