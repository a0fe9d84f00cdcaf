// Is the patient ready for an appointment? Consent given, intake complete, documents verified, or
// what is missing. Facts only, never an answer or a document's content: reception (scheduling, no
// clinical content) sees it as well as the care team. The access check is the patient's
// demographics; the facts are then read directly (status fields, categories, review states).
import { sql } from 'kysely'
import type { DocumentReference } from '@medplum/fhirtypes'
import type {
  DocumentCategory,
  PatientReadiness,
  ReadinessDocumentStatus,
  ReadinessState,
} from '@tessera/contracts'
import type { Actor } from '../access/actor.ts'
import { categoryOf, reviewOf } from '../vault/documents/document-resource.ts'
import type { IntakeDeps } from './intake-deps.ts'
import { currentFor, formStatus, responseFacts } from './response-index.ts'

export const DOCUMENT_LABELS: Record<DocumentCategory, string> = {
  identity: 'Photo ID',
  'summary-of-care': 'Summary of care',
  letter: 'Letter',
  prescription: 'Prescription',
  other: 'Other document',
}

/** The best state among a category's documents: one verified copy is enough. */
const RANK: readonly ReadinessDocumentStatus[] = ['verified', 'received', 'needs-reupload', 'missing']

export class ReadinessService {
  constructor(private readonly deps: IntakeDeps) {}

  async of(actor: Actor, patientId: string): Promise<PatientReadiness> {
    await this.deps.access.assertPatient(actor, patientId, 'demographics')
    const [consent, intake, documents] = await Promise.all([
      this.deps.consent.status(patientId),
      this.intake(actor, patientId),
      this.documents(patientId),
    ])
    return {
      patientId,
      ready: consent.state === 'done' && intake.state === 'done' && documents.state === 'done',
      consent,
      intake,
      documents,
    }
  }

  private async intake(actor: Actor, patientId: string): Promise<PatientReadiness['intake']> {
    const [settings, facts] = await Promise.all([
      this.deps.settings.get(),
      responseFacts(this.deps.db, patientId),
    ])
    const forms: PatientReadiness['intake']['forms'] = []
    for (const url of settings.requiredForms) {
      const current = currentFor(facts, url)
      const q = current
        ? await this.deps.library.byCanonical(actor, current.questionnaire)
        : await this.deps.library.latestActive(actor, url)
      if (!q) continue
      forms.push({ title: q.questionnaire.title ?? q.questionnaire.name ?? url, status: formStatus(current) })
    }
    const state: ReadinessState = forms.every((f) => f.status === 'submitted') ? 'done' : 'missing'
    return { state, forms }
  }

  private async documents(patientId: string): Promise<PatientReadiness['documents']> {
    const { requiredDocuments } = await this.deps.settings.get()
    // Only the category and the review extension are read: never the title or the content.
    const rows = await this.deps.db
      .selectFrom('document as d')
      .innerJoin('fhir_resource as r', (join) =>
        join.onRef('r.id', '=', 'd.id').on('r.resource_type', '=', 'DocumentReference'),
      )
      .select([
        sql<string | null>`(r.content->'category')::text`.as('category'),
        sql<string | null>`(r.content->'extension')::text`.as('extension'),
      ])
      .where('d.patient_id', '=', patientId)
      .where('r.deleted', '=', false)
      .execute()
    const found = rows.map((r) => {
      const resource = {
        resourceType: 'DocumentReference',
        status: 'current',
        content: [],
        ...(r.category ? { category: JSON.parse(r.category) as DocumentReference['category'] } : {}),
        ...(r.extension ? { extension: JSON.parse(r.extension) as DocumentReference['extension'] } : {}),
      } as DocumentReference
      return { category: categoryOf(resource), status: reviewOf(resource).status }
    })
    const items = requiredDocuments.map((category) => {
      const statuses = found.filter((f) => f.category === category).map((f) => f.status)
      const status = RANK.find((s) => (statuses as readonly string[]).includes(s)) ?? 'missing'
      return { category, label: DOCUMENT_LABELS[category], status }
    })
    const state: ReadinessState = items.every((i) => i.status === 'verified') ? 'done' : 'missing'
    return { state, items }
  }
}
