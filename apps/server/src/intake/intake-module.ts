// The intake module's parts, built once for the application context.
import type { Kysely } from 'kysely'
import type { AccessPolicy } from '../access/access-policy.ts'
import type { FhirService } from '../fhir/fhir-service.ts'
import type { Clock } from '../platform/clock.ts'
import type { Database } from '../platform/db/schema.ts'
import type { DocumentService } from '../vault/documents/document-service.ts'
import { CONSENT_NOT_CONNECTED, type ConsentReadiness } from './consent-adapter.ts'
import { IntakeService } from './intake-service.ts'
import { IntakeSettingsStore } from './intake-settings.ts'
import { QuestionnaireLibrary } from './questionnaire-library.ts'
import { ReadinessService } from './readiness-service.ts'

export interface IntakeModule {
  library: QuestionnaireLibrary
  settings: IntakeSettingsStore
  responses: IntakeService
  readiness: ReadinessService
}

export interface IntakeParts {
  db: Kysely<Database>
  clock: Clock
  access: AccessPolicy
  fhir: FhirService
  documents: DocumentService
  /** Where readiness learns whether consent was given (see consent-adapter.ts). */
  consent?: ConsentReadiness
}

export function createIntake(parts: IntakeParts): IntakeModule {
  const library = new QuestionnaireLibrary(parts.db, parts.fhir)
  const settings = new IntakeSettingsStore(parts.db, parts.clock)
  const deps = { ...parts, library, settings, consent: parts.consent ?? CONSENT_NOT_CONNECTED }
  return {
    library,
    settings,
    responses: new IntakeService(deps),
    readiness: new ReadinessService(deps),
  }
}
