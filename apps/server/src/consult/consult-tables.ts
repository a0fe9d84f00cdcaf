import type { ColumnType } from 'kysely'
import type { ConsultRole, GuestKind, VerificationResult } from '@tessera/contracts'

type Timestamp = ColumnType<Date, Date | string, Date | string>
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
/** An account or a guest owns a device, participation or confirmation: exactly one is set (0017). */
type OptionalOwner = ColumnType<string | null, string | null | undefined, string | null>

/** A device's public Ed25519 key, pinned by peers (E2EE.md section 1). */
export interface ConsultDeviceTable {
  id: string
  account_id: OptionalOwner
  guest_id: OptionalOwner
  algorithm: 'ed25519'
  public_key: Uint8Array
  label: string
  created_at: Timestamp
  revoked_at: NullableTimestamp
}

/** The waiting room of one appointment. */
export interface ConsultRoomTable {
  appointment_id: string
  checked_in_at: NullableTimestamp
  admitted_at: NullableTimestamp
  admitted_by: string | null
  /** The host ended the consultation (POST /api/consult/:id/end). */
  ended_at: NullableTimestamp
  created_at: Timestamp
  updated_at: Timestamp
}

export interface ConsultCallTable {
  id: string
  appointment_id: string
  started_at: Timestamp
  ended_at: NullableTimestamp
  roster: Uint8Array | null
  roster_version: number | null
  roster_device_id: string | null
}

export interface ConsultParticipantTable {
  id: string
  call_id: string
  account_id: OptionalOwner
  guest_id: OptionalOwner
  device_id: string
  role: ConsultRole
  cipher_suite: number
  joined_at: Timestamp
  left_at: NullableTimestamp
}

export interface ConsultVerificationTable {
  id: string
  call_id: string
  participant_id: string
  account_id: OptionalOwner
  guest_id: OptionalOwner
  result: VerificationResult
  at: Timestamp
}

/** A guest the clinician invited (interpreter or carer): consult/guest-service.ts, migration 0017. */
export interface ConsultGuestTable {
  id: string
  appointment_id: string
  invited_by: string
  display_name: string
  email: string
  kind: GuestKind
  /** SHA-256 of the link's token; the token itself is only in the email. */
  link_hash: Uint8Array
  /** SHA-256 of the current email code, with its expiry and wrong attempts. */
  code_hash: Uint8Array | null
  code_expires_at: NullableTimestamp
  code_attempts: ColumnType<number, number | undefined, number>
  codes_sent: ColumnType<number, number | undefined, number>
  /** Unused (guests are not accounts; 0014 reserved it). */
  account_id: string | null
  /** SHA-256 of the guest session's cookie token, and when that session ends. */
  session_hash: Uint8Array | null
  session_expires_at: NullableTimestamp
  checked_in_at: NullableTimestamp
  admitted_at: NullableTimestamp
  admitted_by: string | null
  /** The link's (and the session's) end: the consultation's join window closing. */
  expires_at: Timestamp
  /** When the code was entered: the link works once. */
  used_at: NullableTimestamp
  revoked_at: NullableTimestamp
  created_at: Timestamp
}
