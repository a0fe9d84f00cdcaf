// A patient account is a FHIR Patient with the same id: made in the same transaction as the
// account, from what registration knows (name and email). The clinic completes the rest.
import type { Kysely, Transaction } from 'kysely'
import type { Patient } from '@medplum/fhirtypes'
import type { Database } from '../platform/db/schema.ts'
import { writeVersion } from './resource-writer.ts'
import { PLAIN_TEXT } from './text-protection.ts'

export interface NewPatientRecord {
  id: string
  displayName: string
  email: string
  now: Date
}

export function patientFromAccount(record: NewPatientRecord): Patient {
  const parts = record.displayName.trim().split(/\s+/)
  const family = parts.length > 1 ? parts.at(-1) : undefined
  const given = parts.length > 1 ? parts.slice(0, -1) : []
  return {
    resourceType: 'Patient',
    active: true,
    name: [
      {
        use: 'usual',
        text: record.displayName,
        ...(family ? { family } : {}),
        ...(given.length ? { given } : {}),
      },
    ],
    telecom: [{ system: 'email', value: record.email }],
  }
}

/** Patient resources carry no protected free text (PROTECTED_TEXT), so no protector is needed. */
export async function createPatientRecord(
  tx: Transaction<Database> | Kysely<Database>,
  record: NewPatientRecord,
): Promise<void> {
  await writeVersion(tx, PLAIN_TEXT, {
    type: 'Patient',
    id: record.id,
    versionId: 1,
    lastUpdated: record.now,
    patientId: record.id,
    resource: patientFromAccount(record),
  })
}
