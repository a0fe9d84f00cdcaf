// Free text a database dump must not reveal (PROTECTED_TEXT in resource-types.ts) passes through a
// TextProtector on its way into and out of the store. Until the vault's per-patient envelope keys
// exist, the protector stores text as written; the vault replaces `PLAIN_TEXT` with one that
// encrypts, and nothing else in the store changes (reads stay JSON in, JSON out).
import type { ResourceType } from './resource-types.ts'

export interface TextProtector {
  /** Whether reads of this type must pass through `open` (else the stored JSON is sent as is). */
  protects(type: ResourceType): boolean
  /** The stored form of a resource about to be written (for `patientId`'s compartment). */
  seal(type: ResourceType, patientId: string | null, json: string): Promise<string>
  /** The readable form of a stored resource. */
  open(type: ResourceType, patientId: string | null, stored: string): Promise<string>
}

export const PLAIN_TEXT: TextProtector = {
  protects: () => false,
  seal: async (_type, _patientId, json) => json,
  open: async (_type, _patientId, stored) => stored,
}
