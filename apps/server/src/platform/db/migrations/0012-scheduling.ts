// Scheduling (scheduling/): appointment types, clinicians' weekly availability and exceptions,
// appointments and their reminders. The `appointment` table is the booking authority; each row is
// also an FHIR Appointment with the same id, written in the same transaction.
// No double booking (S28): a booking locks the clinician's `clinician_schedule` row, checks for an
// overlap and inserts; the partial unique index is a second line for identical start times.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table appointment_type (
    id uuid primary key,
    name text not null check (length(name) between 1 and 80),
    duration_minutes integer not null check (duration_minutes between 5 and 480),
    buffer_minutes integer not null check (buffer_minutes between 0 and 240),
    mode text not null check (mode in ('video', 'phone')),
    audience text not null check (audience in ('new', 'existing', 'any')),
    min_notice_minutes integer not null check (min_notice_minutes between 0 and 43200),
    horizon_days integer not null check (horizon_days between 1 and 365),
    active boolean not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
  )`.execute(db)

  // One row per clinician who takes appointments: their time zone, their FHIR Schedule, and the row
  // a booking locks so two bookings for one clinician are decided one after the other.
  await sql`create table clinician_schedule (
    clinician_id uuid primary key references account (id),
    time_zone text not null,
    schedule_id uuid not null unique,
    updated_at timestamptz not null
  )`.execute(db)

  // Weekly rules in the clinician's own time zone: ISO weekday (1 = Monday), local 'HH:MM' times.
  await sql`create table availability_rule (
    id uuid primary key,
    clinician_id uuid not null references clinician_schedule (clinician_id),
    weekday integer not null check (weekday between 1 and 7),
    start_time text not null check (start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
    end_time text not null check (end_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$'),
    check (start_time < end_time)
  )`.execute(db)
  await sql`create index availability_rule_clinician on availability_rule (clinician_id, weekday)`.execute(db)

  // Leave (unavailable) or a one-off session (available), as absolute instants.
  await sql`create table availability_exception (
    id uuid primary key,
    clinician_id uuid not null references clinician_schedule (clinician_id),
    kind text not null check (kind in ('unavailable', 'available')),
    starts_at timestamptz not null,
    ends_at timestamptz not null,
    label text not null check (length(label) <= 80),
    created_at timestamptz not null,
    check (starts_at < ends_at)
  )`.execute(db)
  await sql`create index availability_exception_clinician on availability_exception (clinician_id, starts_at)`.execute(
    db,
  )

  await sql`create table appointment (
    id uuid primary key,
    patient_id uuid not null,
    clinician_id uuid not null references clinician_schedule (clinician_id),
    type_id uuid not null references appointment_type (id),
    starts_at timestamptz not null,
    ends_at timestamptz not null,
    blocked_until timestamptz not null,
    status text not null check (status in ('booked', 'cancelled', 'fulfilled', 'noshow')),
    booked_by uuid not null references account (id),
    booked_via text not null check (booked_via in ('patient', 'staff')),
    version integer not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    cancelled_at timestamptz,
    cancelled_by uuid references account (id),
    check (starts_at < ends_at and ends_at <= blocked_until),
    check ((status = 'cancelled') = (cancelled_at is not null))
  )`.execute(db)
  await sql`create unique index appointment_one_per_start on appointment (clinician_id, starts_at)
    where status = 'booked'`.execute(db)
  await sql`create index appointment_clinician_time on appointment (clinician_id, starts_at)`.execute(db)
  await sql`create index appointment_patient_time on appointment (patient_id, starts_at)`.execute(db)
  await sql`create index appointment_time on appointment (starts_at)`.execute(db)

  // One row per reminder due: the outcome of its delivery is kept (S24: none silently dropped).
  await sql`create table appointment_reminder (
    id uuid primary key,
    appointment_id uuid not null references appointment (id),
    channel text not null check (channel in ('email', 'sms')),
    offset_minutes integer not null check (offset_minutes > 0),
    due_at timestamptz not null,
    status text not null check (status in ('scheduled', 'sent', 'failed', 'cancelled', 'skipped')),
    attempts integer not null default 0,
    last_error text,
    sent_at timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    acknowledged_by uuid references account (id),
    acknowledged_at timestamptz,
    unique (appointment_id, channel, offset_minutes)
  )`.execute(db)
  await sql`create index appointment_reminder_status on appointment_reminder (status, due_at)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'appointment_reminder',
    'appointment',
    'availability_exception',
    'availability_rule',
    'clinician_schedule',
    'appointment_type',
  ]) {
    await sql.raw(`drop table if exists ${table}`).execute(db)
  }
}
