// What the intake services need, passed explicitly (a part of the application context).
import type { Kysely } from 'kysely'
import type { AccessPolicy } from '../access/access-policy.ts'
import type { FhirService } from '../fhir/fhir-service.ts'
import type { Clock } from '../platform/clock.ts'
import type { Database } from '../platform/db/schema.ts'
import type { DocumentService } from '../vault/documents/document-service.ts'
import type { ConsentReadiness } from './consent-adapter.ts'
import type { IntakeSettingsStore } from './intake-settings.ts'
import type { QuestionnaireLibrary } from './questionnaire-library.ts'

export interface IntakeDeps {
  db: Kysely<Database>
  clock: Clock
  access: AccessPolicy
  fhir: FhirService
  documents: DocumentService
  library: QuestionnaireLibrary
  settings: IntakeSettingsStore
  consent: ConsentReadiness
}
