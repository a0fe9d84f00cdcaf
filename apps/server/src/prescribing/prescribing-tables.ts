// Kysely types of prescribing/'s tables (migration 0016-prescribing.ts).
import type { ColumnType, Generated } from 'kysely'
import type {
  MedicationKind,
  PharmacyTaskState,
  PrescriptionDetails,
  PrescriptionStatus,
  RepeatRequestKind,
  RepeatRequestState,
} from '@tessera/contracts'

type Timestamp = ColumnType<Date, Date | string, Date | string>
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>

export interface MedicationProductTable {
  id: string
  name: string
  kind: MedicationKind
  form: string
  strength: string
  thc_content: string | null
  cbd_content: string | null
  cd_schedule: number | null
  therapeutic_group: string
  ingredients: string[]
  default_unit: string
  active: Generated<boolean>
  created_at: Timestamp
  updated_at: Timestamp
}

export interface PharmacyTable {
  id: string
  name: string
  address: string
  phone: string | null
  active: Generated<boolean>
  created_at: Timestamp
}

export interface PharmacyMemberTable {
  account_id: string
  pharmacy_id: string
  added_at: Timestamp
}

export interface PrescriptionTable {
  id: string
  patient_id: string
  prescriber_id: string
  medication_id: string
  pharmacy_id: string
  appointment_id: string | null
  status: PrescriptionStatus
  details: ColumnType<PrescriptionDetails, string, string>
  repeats_authorised: number
  repeat_interval_days: number | null
  /** The first prescription of a course; repeats share it. */
  course_id: string
  /** 1 for the original, 2.. for repeats. */
  issue_number: number
  signed_at: NullableTimestamp
  valid_until: NullableTimestamp
  /** Warning rules the prescriber acknowledged when signing. */
  acknowledged: Generated<string[]>
  created_at: Timestamp
  updated_at: Timestamp
}

export interface PharmacyTaskTable {
  id: string
  prescription_id: string
  pharmacy_id: string
  patient_id: string
  state: PharmacyTaskState
  claimed_by: string | null
  dispense_id: string | null
  /** TextEnvelope value, context `pharmacy-task/<id>/reject-reason`. */
  reject_reason_sealed: string | null
  /** When the overdue alert was raised (null: not raised). */
  overdue_at: NullableTimestamp
  dispensed_at: NullableTimestamp
  handed_over_at: NullableTimestamp
  rejected_at: NullableTimestamp
  created_at: Timestamp
  updated_at: Timestamp
}

export interface ControlledDrugEntryTable {
  id: string
  entry_no: Generated<string>
  pharmacy_id: string
  task_id: string
  prescription_id: string
  dispense_id: string
  medication_id: string
  patient_id: string
  prescriber_id: string
  pharmacist_id: string
  quantity: ColumnType<string, number | string, never>
  unit: string
  batch: string
  expiry: ColumnType<Date, string, never>
  supplied_at: Timestamp
}

export interface RepeatRequestTable {
  id: string
  prescription_id: string
  patient_id: string
  clinician_id: string
  kind: RepeatRequestKind
  state: RepeatRequestState
  /** TextEnvelope value, context `repeat-request/<id>/message` (the clinician's reply on decline). */
  message_sealed: string | null
  issued_prescription_id: string | null
  created_at: Timestamp
  decided_at: NullableTimestamp
}
