import type { ColumnType, Generated } from 'kysely'
import type { ConsentKind, ConsentTextStatus } from '@tessera/contracts'

type Timestamp = ColumnType<Date, Date | string, Date | string>

/** One version of a consent text. Published rows are immutable (a trigger refuses changes). */
export interface ConsentTextTable {
  id: string
  kind: ConsentKind
  version: number
  status: ConsentTextStatus
  title: string
  body: string
  created_by: string
  created_at: ColumnType<Date, Date | string, never>
  published_by: string | null
  published_at: ColumnType<Date | null, Date | string | null, Date | string | null>
}

export type ConsentDecisionKind = 'given' | 'declined' | 'withdrawn'

/** One decision of a patient (append-only); the newest per patient and kind is their standing. */
export interface ConsentDecisionTable {
  seq: Generated<string>
  id: string
  patient_id: string
  kind: ConsentKind
  /** The text version decided on (for a withdrawal: the version that was given). */
  text_id: string
  decision: ConsentDecisionKind
  /** The FHIR Consent recording it (for a withdrawal: the Consent made inactive). */
  consent_id: string
  decided_by: string
  decided_at: Timestamp
}
