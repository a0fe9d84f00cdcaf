// The FHIR module's parts, built once for the application context.
import type { Kysely } from 'kysely'
import type { AccessPolicy } from '../access/access-policy.ts'
import type { Clock } from '../platform/clock.ts'
import type { Database } from '../platform/db/schema.ts'
import { FhirHistory } from './fhir-history.ts'
import { FhirSearch } from './fhir-search.ts'
import { FhirStore } from './fhir-store.ts'
import { PLAIN_TEXT, type TextProtector } from './text-protection.ts'

export interface FhirService {
  store: FhirStore
  search: FhirSearch
  history: FhirHistory
  protector: TextProtector
}

/** `protector` encrypts PROTECTED_TEXT (the vault's VaultTextProtector in the application). */
export function createFhirService(
  db: Kysely<Database>,
  clock: Clock,
  access: AccessPolicy,
  protector: TextProtector = PLAIN_TEXT,
): FhirService {
  const store = new FhirStore({ db, clock, access, protector })
  const search = new FhirSearch(db, store)
  return { store, search, history: new FhirHistory(db, store, search), protector }
}
