import type { ColumnType } from 'kysely'
import type {
  AppointmentAudience,
  AppointmentMode,
  AppointmentStatus,
  ExceptionKind,
  ReminderChannel,
  ReminderStatus,
} from '@tessera/contracts'

type Timestamp = ColumnType<Date, Date | string, Date | string>
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>

export interface AppointmentTypeTable {
  id: string
  name: string
  duration_minutes: number
  buffer_minutes: number
  mode: AppointmentMode
  audience: AppointmentAudience
  min_notice_minutes: number
  horizon_days: number
  active: boolean
  created_at: Timestamp
  updated_at: Timestamp
}

/** A clinician who takes appointments; a booking locks this row (S28). */
export interface ClinicianScheduleTable {
  clinician_id: string
  time_zone: string
  /** The FHIR Schedule resource id. */
  schedule_id: string
  updated_at: Timestamp
}

export interface AvailabilityRuleTable {
  id: string
  clinician_id: string
  weekday: number
  start_time: string
  end_time: string
}

export interface AvailabilityExceptionTable {
  id: string
  clinician_id: string
  kind: ExceptionKind
  starts_at: Timestamp
  ends_at: Timestamp
  label: string
  created_at: Timestamp
}

/** The booking authority; `id` is also the FHIR Appointment id. */
export interface AppointmentTable {
  id: string
  patient_id: string
  clinician_id: string
  type_id: string
  starts_at: Timestamp
  ends_at: Timestamp
  /** `ends_at` plus the type's buffer: the clinician is busy until then. */
  blocked_until: Timestamp
  status: AppointmentStatus
  booked_by: string
  booked_via: 'patient' | 'staff'
  version: number
  created_at: Timestamp
  updated_at: Timestamp
  cancelled_at: NullableTimestamp
  cancelled_by: string | null
}

export interface AppointmentReminderTable {
  id: string
  appointment_id: string
  channel: ReminderChannel
  offset_minutes: number
  due_at: Timestamp
  status: ReminderStatus
  attempts: ColumnType<number, number | undefined, number>
  /** A delivery error without personal data (an SMTP status, "no mobile number"). */
  last_error: string | null
  sent_at: NullableTimestamp
  created_at: Timestamp
  updated_at: Timestamp
  acknowledged_by: string | null
  acknowledged_at: NullableTimestamp
}
