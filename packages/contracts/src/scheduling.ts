// Scheduling (issue 8): appointment types, clinicians' availability, free slots, appointments,
// the clinic's booking policy and reminders. Instants travel as ISO 8601 strings with an offset
// (`2026-03-29T09:00:00.000Z`); the viewer's time zone is applied by the client, which names it.
import { Type, type Static } from 'typebox'
import { Uuid } from './auth.ts'
import { PatientReadiness } from './intake.ts'

/** An IANA time zone name (`Europe/London`); the server checks that it exists. */
export const TimeZoneName = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$',
})
export const Instant = Type.String({ format: 'date-time', maxLength: 40 })
export const LocalTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$' })

export const AppointmentMode = Type.Union([Type.Literal('video'), Type.Literal('phone')])
export type AppointmentMode = Static<typeof AppointmentMode>
export const AppointmentAudience = Type.Union([
  Type.Literal('new'),
  Type.Literal('existing'),
  Type.Literal('any'),
])
export type AppointmentAudience = Static<typeof AppointmentAudience>

// ---------- Appointment types (clinic admin) ----------

export const AppointmentTypeBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 80 }),
    durationMinutes: Type.Integer({ minimum: 5, maximum: 480 }),
    bufferMinutes: Type.Integer({ minimum: 0, maximum: 240 }),
    mode: AppointmentMode,
    audience: AppointmentAudience,
    minNoticeMinutes: Type.Integer({ minimum: 0, maximum: 43200 }),
    horizonDays: Type.Integer({ minimum: 1, maximum: 365 }),
    active: Type.Boolean(),
  },
  { additionalProperties: false },
)
export type AppointmentTypeBody = Static<typeof AppointmentTypeBody>

export const AppointmentTypeView = Type.Intersect([Type.Object({ id: Type.String() }), AppointmentTypeBody])
export type AppointmentTypeView = Static<typeof AppointmentTypeView>

export const AppointmentTypeList = Type.Object({ types: Type.Array(AppointmentTypeView) })
export type AppointmentTypeList = Static<typeof AppointmentTypeList>

export const AppointmentTypeParams = Type.Object({ typeId: Uuid }, { additionalProperties: false })

// ---------- Clinicians and their availability ----------

export const BookableClinician = Type.Object({
  id: Type.String(),
  name: Type.String(),
  timeZone: Type.String(),
})
export type BookableClinician = Static<typeof BookableClinician>

export const BookableClinicianList = Type.Object({ clinicians: Type.Array(BookableClinician) })
export type BookableClinicianList = Static<typeof BookableClinicianList>

export const ClinicianParams = Type.Object({ clinicianId: Uuid }, { additionalProperties: false })

/** A weekly rule in the clinician's own time zone (weekday 1 = Monday ... 7 = Sunday). */
export const AvailabilityRule = Type.Object(
  { weekday: Type.Integer({ minimum: 1, maximum: 7 }), start: LocalTime, end: LocalTime },
  { additionalProperties: false },
)
export type AvailabilityRule = Static<typeof AvailabilityRule>

export const ExceptionKind = Type.Union([Type.Literal('unavailable'), Type.Literal('available')])
export type ExceptionKind = Static<typeof ExceptionKind>

export const AvailabilityExceptionBody = Type.Object(
  {
    kind: ExceptionKind,
    startsAt: Instant,
    endsAt: Instant,
    /** A short label for staff ("Leave", "Extra clinic"): not a reason, never shown to patients. */
    label: Type.String({ maxLength: 80 }),
  },
  { additionalProperties: false },
)
export type AvailabilityExceptionBody = Static<typeof AvailabilityExceptionBody>

export const AvailabilityException = Type.Intersect([
  Type.Object({ id: Type.String() }),
  AvailabilityExceptionBody,
])
export type AvailabilityException = Static<typeof AvailabilityException>

export const ExceptionParams = Type.Object(
  { clinicianId: Uuid, exceptionId: Uuid },
  { additionalProperties: false },
)

/** PUT replaces the weekly rules and the time zone at once. */
export const WeeklyAvailabilityBody = Type.Object(
  { timeZone: TimeZoneName, rules: Type.Array(AvailabilityRule, { maxItems: 70 }) },
  { additionalProperties: false },
)
export type WeeklyAvailabilityBody = Static<typeof WeeklyAvailabilityBody>

export const ClinicianAvailability = Type.Object({
  clinicianId: Type.String(),
  name: Type.String(),
  timeZone: Type.String(),
  rules: Type.Array(AvailabilityRule),
  /** Exceptions that end after now, soonest first. */
  exceptions: Type.Array(AvailabilityException),
})
export type ClinicianAvailability = Static<typeof ClinicianAvailability>

// ---------- Free slots ----------

export const SlotQuery = Type.Object(
  {
    typeId: Uuid,
    clinicianId: Type.Optional(Uuid),
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
    /** At most this many slots, soonest first. */
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
)
export type SlotQuery = Static<typeof SlotQuery>

export const FreeSlot = Type.Object({
  start: Type.String(),
  end: Type.String(),
  clinicianId: Type.String(),
  clinicianName: Type.String(),
})
export type FreeSlot = Static<typeof FreeSlot>

export const FreeSlotList = Type.Object({ slots: Type.Array(FreeSlot) })
export type FreeSlotList = Static<typeof FreeSlotList>

// ---------- Appointments ----------

export const AppointmentStatus = Type.Union([
  Type.Literal('booked'),
  Type.Literal('cancelled'),
  Type.Literal('fulfilled'),
  Type.Literal('noshow'),
])
export type AppointmentStatus = Static<typeof AppointmentStatus>

export const BookingBody = Type.Object(
  {
    typeId: Uuid,
    clinicianId: Uuid,
    start: Instant,
    /** Staff booking for a patient; a patient books for themselves and leaves it out. */
    patientId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
)
export type BookingBody = Static<typeof BookingBody>

export const RescheduleBody = Type.Object(
  { start: Instant, clinicianId: Type.Optional(Uuid) },
  { additionalProperties: false },
)
export type RescheduleBody = Static<typeof RescheduleBody>

export const AppointmentParams = Type.Object({ appointmentId: Uuid }, { additionalProperties: false })

export const AppointmentView = Type.Object({
  id: Type.String(),
  patientId: Type.String(),
  /** Staff only: the patient's name. */
  patientName: Type.Optional(Type.String()),
  clinicianId: Type.String(),
  clinicianName: Type.String(),
  type: Type.Object({ id: Type.String(), name: Type.String(), mode: AppointmentMode }),
  start: Type.String(),
  end: Type.String(),
  status: AppointmentStatus,
  /** Whether the viewer may still reschedule or cancel it online (the clinic's policy). */
  changeable: Type.Boolean(),
  /** When online changes close (for patients: the cut-off before the start). */
  changeUntil: Type.Optional(Type.String()),
  /** Staff views: consent, intake and documents for this appointment. */
  readiness: Type.Optional(PatientReadiness),
})
export type AppointmentView = Static<typeof AppointmentView>

export const AppointmentQuery = Type.Object(
  {
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
    clinicianId: Type.Optional(Uuid),
    patientId: Type.Optional(Uuid),
    /** Include each appointment's readiness (staff). */
    readiness: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type AppointmentQuery = Static<typeof AppointmentQuery>

export const AppointmentList = Type.Object({ appointments: Type.Array(AppointmentView) })
export type AppointmentList = Static<typeof AppointmentList>

// ---------- The clinic's booking policy ----------

export const ReadinessGate = Type.Object(
  { consent: Type.Boolean(), intake: Type.Boolean(), documents: Type.Boolean() },
  { additionalProperties: false },
)
export type ReadinessGate = Static<typeof ReadinessGate>

export const BookingPolicy = Type.Object(
  {
    /** Patients may not reschedule or cancel online within this many hours of the start. */
    patientChangeCutoffHours: Type.Integer({ minimum: 0, maximum: 336 }),
    /** What must be done before a patient can book (or be booked). */
    requireBeforeBooking: ReadinessGate,
    /** What must be done before a patient can join the call. */
    requireBeforeJoining: ReadinessGate,
  },
  { additionalProperties: false },
)
export type BookingPolicy = Static<typeof BookingPolicy>

// ---------- Reminders ----------

export const ReminderChannel = Type.Union([Type.Literal('email'), Type.Literal('sms')])
export type ReminderChannel = Static<typeof ReminderChannel>

export const ReminderSettings = Type.Object(
  {
    /** Minutes before the start; default 24 h and 1 h. */
    offsetsMinutes: Type.Array(Type.Integer({ minimum: 5, maximum: 20160 }), {
      minItems: 0,
      maxItems: 5,
      uniqueItems: true,
    }),
    /** The sender name shown in the patient's inbox (need not reveal the clinic's specialty). */
    senderName: Type.String({ minLength: 1, maxLength: 80 }),
    /** Email subject and text; `{date}`, `{time}`, `{timeZone}` and `{link}` are filled in. */
    emailSubject: Type.String({ minLength: 1, maxLength: 120 }),
    emailText: Type.String({ minLength: 1, maxLength: 2000 }),
    smsText: Type.String({ minLength: 1, maxLength: 320 }),
    smsEnabled: Type.Boolean(),
  },
  { additionalProperties: false },
)
export type ReminderSettings = Static<typeof ReminderSettings>

/** The editor's warnings: words in a template that look like personal or clinical data. */
export const ReminderSettingsView = Type.Object({
  settings: ReminderSettings,
  warnings: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
})
export type ReminderSettingsView = Static<typeof ReminderSettingsView>

export const ReminderStatus = Type.Union([
  Type.Literal('scheduled'),
  Type.Literal('sent'),
  Type.Literal('failed'),
  Type.Literal('cancelled'),
  Type.Literal('skipped'),
])
export type ReminderStatus = Static<typeof ReminderStatus>

/** A reminder that could not be delivered, for reception to follow up (S24). */
export const ReminderFailure = Type.Object({
  id: Type.String(),
  appointmentId: Type.String(),
  patientId: Type.String(),
  patientName: Type.String(),
  appointmentStart: Type.String(),
  channel: ReminderChannel,
  attempts: Type.Integer(),
  error: Type.String(),
  failedAt: Type.String(),
})
export type ReminderFailure = Static<typeof ReminderFailure>

export const ReminderFailureList = Type.Object({ failures: Type.Array(ReminderFailure) })
export type ReminderFailureList = Static<typeof ReminderFailureList>

export const ReminderParams = Type.Object({ reminderId: Uuid }, { additionalProperties: false })

/** The .ics file of one appointment (text/calendar): when, and a sign-in link; nothing clinical. */
export const CalendarFile = Type.String()
