// Free text a database dump must not reveal (PROTECTED_TEXT in resource-types.ts) passes through a
// TextProtector on its way into and out of the store. The application's is the vault's
// VaultTextProtector (vault/crypto/fhir-text-protector.ts): each protected string sealed under the
// patient's key; `PLAIN_TEXT` stores text as written (resources without protected text, tests).
// Reads stay JSON in, JSON out.
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../platform/db/schema.ts'
import type { ResourceType } from './resource-types.ts'

/** The handle of the surrounding unit of work: the protector's own queries (the patient's key) run
 * in the caller's transaction, since on PGlite the outer handle would wait for it forever. */
export type ProtectorDb = Kysely<Database> | Transaction<Database>

export interface TextProtector {
  /** Whether reads of this type must pass through `open` (else the stored JSON is sent as is). */
  protects(type: ResourceType): boolean
  /** The stored form of a resource about to be written (for `patientId`'s compartment). */
  seal(type: ResourceType, patientId: string | null, json: string, db?: ProtectorDb): Promise<string>
  /** The readable form of a stored resource. */
  open(type: ResourceType, patientId: string | null, stored: string, db?: ProtectorDb): Promise<string>
}

export const PLAIN_TEXT: TextProtector = {
  protects: () => false,
  seal: async (_type, _patientId, json) => json,
  open: async (_type, _patientId, stored) => stored,
}
