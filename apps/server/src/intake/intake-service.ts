// The patient's side of intake: the forms to complete with their status, start or resume, save as
// they go (in-progress) and submit (completed). validateResponse is the authority: a response it
// reports anything about is refused whole (400 naming each linkId), and a save is one store update
// (one transaction), so nothing is ever half-saved.
import { sql } from 'kysely'
import type { QuestionnaireResponse } from '@medplum/fhirtypes'
import type {
  IntakeAnswersBody,
  IntakeFormEntry,
  IntakeSaved,
  IntakeSession,
  IntakeSummary,
} from '@tessera/contracts'
import { newResponse, validateResponse } from '@tessera/questionnaire'
import type { Actor } from '../access/actor.ts'
import type { StoredVersion } from '../fhir/fhir-store.ts'
import { parseSearch } from '../fhir/search-params.ts'
import { validateResource } from '../fhir/validate.ts'
import { AppError, type ErrorDetail } from '../platform/errors.ts'
import { checkAttachments } from './attachment-answers.ts'
import type { IntakeDeps } from './intake-deps.ts'
import { refuseResponse } from './intake-errors.ts'
import { buildSummary } from './intake-summary.ts'
import { composeResponse, percentAnswered, sectionOf, type IntakeStatus } from './intake-response.ts'
import type { StoredQuestionnaire } from './questionnaire-library.ts'
import { currentFor, formStatus, responseFacts } from './response-index.ts'

export interface StoredResponse {
  id: string
  versionId: number
  lastUpdated: Date
  patientId: string | null
  response: QuestionnaireResponse
}

export function toStoredResponse(version: StoredVersion): StoredResponse {
  return {
    id: version.id,
    versionId: version.versionId,
    lastUpdated: version.lastUpdated,
    patientId: version.patientId,
    response: JSON.parse(version.json ?? '{}') as QuestionnaireResponse,
  }
}

function formNotFound(): AppError {
  return new AppError('not-found', 'No such form.')
}

export class IntakeService {
  constructor(private readonly deps: IntakeDeps) {}

  /** The patient's responses the actor may see (the caller checked the patient), newest first. */
  async responses(actor: Actor, patientId: string): Promise<StoredResponse[]> {
    const plan = parseSearch('QuestionnaireResponse', { patient: `Patient/${patientId}`, _count: '100' }, '')
    const found = await this.deps.fhir.search.search(actor, plan)
    return found.matches.map(toStoredResponse)
  }

  /** Required forms (and any other the patient started), each with its status. */
  async forms(actor: Actor, patientId: string): Promise<IntakeFormEntry[]> {
    await this.deps.access.assertPatient(actor, patientId, 'clinical')
    const [settings, responses] = await Promise.all([
      this.deps.settings.get(),
      this.responses(actor, patientId),
    ])
    const facts = responses.map((r) => ({
      ...r,
      url: (r.response.questionnaire ?? '').split('|')[0] ?? '',
      status: r.response.status,
    }))
    const urls = [...new Set([...settings.requiredForms, ...facts.map((f) => f.url)])]
    const entries: IntakeFormEntry[] = []
    for (const url of urls) {
      const current = currentFor(facts, url)
      const q = current
        ? await this.deps.library.byCanonical(actor, current.response.questionnaire ?? '')
        : await this.deps.library.latestActive(actor, url)
      if (!q) continue
      const title = q.questionnaire.title ?? q.questionnaire.name ?? url
      const entry: IntakeFormEntry = {
        url,
        title,
        status: formStatus(current),
        percent: current ? percentAnswered(q.questionnaire, current.response) : 0,
        version: q.questionnaire.version ?? '',
      }
      if (current) entry.updatedAt = current.lastUpdated.toISOString()
      if (current?.response.status === 'completed' && current.response.authored)
        entry.submittedAt = current.response.authored
      entries.push(entry)
    }
    return entries
  }

  /** Opens the form: the response in progress (or the submitted one, to read), else a new one. */
  async start(actor: Actor, patientId: string, url: string): Promise<IntakeSession> {
    await this.deps.access.assertPatient(actor, patientId, 'clinical')
    const { db, fhir, library, clock } = this.deps
    const id = await db.transaction().execute(async (tx) => {
      // Two devices opening the form at once must not make two responses.
      await sql`select pg_advisory_xact_lock(hashtext(${`intake-start:${patientId}:${url}`}))`.execute(tx)
      const existing = currentFor(await responseFacts(tx, patientId), url)
      if (existing) return existing.id
      const latest = await library.latestActive(actor, url, tx)
      if (!latest) throw formNotFound()
      const fresh = newResponse(latest.questionnaire)
      const response = composeResponse({
        patientId,
        questionnaire: fresh.questionnaire ?? '',
        status: 'in-progress',
        section: 0,
        item: fresh.item ?? [],
        authored: clock.now(),
      })
      return (await fhir.store.create(actor, 'QuestionnaireResponse', response, tx)).id
    })
    return this.session(actor, patientId, id)
  }

  async session(actor: Actor, patientId: string, responseId: string): Promise<IntakeSession> {
    const stored = await this.read(actor, patientId, responseId)
    const q = await this.boundQuestionnaire(actor, stored)
    return {
      responseId: stored.id,
      version: stored.versionId,
      status: stored.response.status === 'completed' ? 'completed' : 'in-progress',
      section: sectionOf(stored.response),
      questionnaire: q.questionnaire,
      response: stored.response,
    }
  }

  /** Autosave (`in-progress`) or submit (`completed`): all or nothing. */
  async save(
    actor: Actor,
    patientId: string,
    responseId: string,
    body: IntakeAnswersBody,
    status: IntakeStatus,
  ): Promise<IntakeSaved> {
    const stored = await this.read(actor, patientId, responseId)
    if (stored.response.status !== 'in-progress')
      throw new AppError(
        'conflict',
        'This form was submitted already; submitted answers cannot be changed.',
        [{ path: 'status', message: 'already submitted' }],
      )
    const q = await this.boundQuestionnaire(actor, stored)
    const now = this.deps.clock.now()
    const next = composeResponse({
      id: stored.id,
      patientId,
      questionnaire: body.questionnaire,
      status,
      section: body.section,
      item: body.item,
      authored: now,
    })
    const issues = validateResponse(q.questionnaire, next)
    issues.push(...(await checkAttachments(this.deps.documents, actor, patientId, body.item)))
    const structural = r4Problems(next)
    if (issues.length > 0 || structural.length > 0) refuseResponse(issues, structural)
    const written = await this.deps.fhir.store.update(
      actor,
      'QuestionnaireResponse',
      stored.id,
      next,
      `W/"${body.version}"`,
    )
    return {
      version: written.versionId,
      savedAt: written.lastUpdated.toISOString(),
      status,
      percent: percentAnswered(q.questionnaire, next),
    }
  }

  /** The submitted responses as the care team reads them, newest first. */
  async summaries(actor: Actor, patientId: string): Promise<IntakeSummary[]> {
    await this.deps.access.assertPatient(actor, patientId, 'clinical')
    const submitted = (await this.responses(actor, patientId)).filter(
      (r) => r.response.status === 'completed',
    )
    const summaries: IntakeSummary[] = []
    for (const stored of submitted) {
      const q = await this.deps.library.byCanonical(actor, stored.response.questionnaire ?? '')
      if (q) summaries.push(buildSummary(q.questionnaire, stored.id, stored.response))
    }
    return summaries
  }

  /** One response of this patient, as the actor may see it (404 for anyone else's). */
  async read(actor: Actor, patientId: string, responseId: string): Promise<StoredResponse> {
    const stored = toStoredResponse(
      await this.deps.fhir.store.read(actor, 'QuestionnaireResponse', responseId),
    )
    if (stored.patientId !== patientId) throw new AppError('not-found', 'No such QuestionnaireResponse.')
    return stored
  }

  async boundQuestionnaire(actor: Actor, stored: StoredResponse): Promise<StoredQuestionnaire> {
    const q = await this.deps.library.byCanonical(actor, stored.response.questionnaire ?? '')
    // The version a response answered is never deleted by the intake routes; if it is gone, say so.
    if (!q) throw new AppError('conflict', 'The form version this response answers is no longer available.')
    return q
  }
}

/** The R4 validator's findings (paths in the response), or none. */
function r4Problems(response: QuestionnaireResponse): ErrorDetail[] {
  try {
    validateResource(response, 'QuestionnaireResponse')
    return []
  } catch (err) {
    if (err instanceof AppError) return err.details
    throw err
  }
}
