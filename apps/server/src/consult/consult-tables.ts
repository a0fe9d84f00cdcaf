import type { ColumnType } from 'kysely'
import type { ConsultRole, VerificationResult } from '@tessera/contracts'

type Timestamp = ColumnType<Date, Date | string, Date | string>
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>

/** A device's public Ed25519 key, pinned by peers (E2EE.md section 1). */
export interface ConsultDeviceTable {
  id: string
  account_id: string
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
  account_id: string
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
  account_id: string
  result: VerificationResult
  at: Timestamp
}

/** Reserved for guest invitations (not written yet; see README.md). */
export interface ConsultGuestTable {
  id: string
  appointment_id: string
  invited_by: string
  link_hash: Uint8Array
  code_hash: Uint8Array | null
  account_id: string | null
  expires_at: Timestamp
  used_at: NullableTimestamp
  revoked_at: NullableTimestamp
  created_at: Timestamp
}
