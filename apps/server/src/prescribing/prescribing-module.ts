// Builds prescribing/ (explicit wiring; what it needs is in prescribing-deps.ts). The two job
// handlers (routing a signed prescription to its pharmacy, and the overdue alert) are registered
// with the job runner by context.ts.
import type { JobHandler } from '../platform/jobs/job-runner.ts'
import { CatalogueService } from './catalogue-service.ts'
import { PharmacyService } from './pharmacy-service.ts'
import type { PrescribingDeps } from './prescribing-deps.ts'
import { PrescriptionService } from './prescription-service.ts'
import { RepeatService } from './repeat-service.ts'
import { overdueHandler, routingHandler } from './routing-worker.ts'

export interface PrescribingModule {
  catalogue: CatalogueService
  prescriptions: PrescriptionService
  pharmacy: PharmacyService
  repeats: RepeatService
  handlers: JobHandler[]
}

export function createPrescribing(deps: PrescribingDeps): PrescribingModule {
  const catalogue = new CatalogueService(deps)
  const prescriptions = new PrescriptionService(deps, catalogue)
  return {
    catalogue,
    prescriptions,
    pharmacy: new PharmacyService(deps, prescriptions),
    repeats: new RepeatService(deps, prescriptions),
    handlers: [routingHandler(deps), overdueHandler(deps)],
  }
}
