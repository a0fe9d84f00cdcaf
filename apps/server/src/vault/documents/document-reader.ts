// Reading documents: one query joins the document row, its DocumentReference and the uploader,
// with the access policy's condition on the patient, so a document the actor may not see is
// simply not found (S1, S2). DocumentView is built from the two halves.
import { sql, type Kysely } from 'kysely'
import type { DocumentReference } from '@medplum/fhirtypes'
import type { DocumentView } from '@tessera/contracts'
import type { Actor } from '../../access/actor.ts'
import type { AccessPolicy } from '../../access/access-policy.ts'
import type { FhirStore } from '../../fhir/fhir-store.ts'
import type { Database } from '../../platform/db/schema.ts'
import { AppError } from '../../platform/errors.ts'
import { categoryOf, reviewOf, titleOf } from './document-resource.ts'
import type { DocumentTable } from './document-table.ts'

export interface FoundDocument {
  row: Omit<DocumentTable, 'created_at'> & { created_at: Date }
  resource: DocumentReference
  versionId: number
  uploader: { displayName: string; role: string }
}

export function documentNotFound(): AppError {
  return new AppError('not-found', 'No such document.')
}

export class DocumentReader {
  constructor(
    private readonly access: AccessPolicy,
    private readonly store: FhirStore,
  ) {}

  private query(db: Kysely<Database>, actor: Actor) {
    return db
      .selectFrom('document as d')
      .innerJoin('fhir_resource as r', (join) =>
        join.onRef('r.id', '=', 'd.id').on('r.resource_type', '=', 'DocumentReference'),
      )
      .innerJoin('account as a', 'a.id', 'd.uploaded_by')
      .selectAll('d')
      .select([
        'r.version_id',
        'r.last_updated',
        'r.patient_id as resource_patient_id',
        sql<string | null>`r.content::text`.as('json'),
        'a.display_name as uploader_name',
        'a.role as uploader_role',
      ])
      .where('r.deleted', '=', false)
      .where((eb) => this.access.patientFilter(eb, 'd.patient_id', actor, 'clinical'))
  }

  /** The document if the actor may see it; not-found otherwise (whether or not it exists). */
  async find(db: Kysely<Database>, actor: Actor, id: string): Promise<FoundDocument> {
    const row = await this.query(db, actor).where('d.id', '=', id.toLowerCase()).executeTakeFirst()
    if (!row) throw documentNotFound()
    return this.toFound(row)
  }

  /** A patient's documents, newest first (the caller checked the patient is visible). */
  async list(db: Kysely<Database>, actor: Actor, patientId: string): Promise<FoundDocument[]> {
    const rows = await this.query(db, actor)
      .where('d.patient_id', '=', patientId)
      .orderBy('d.created_at', 'desc')
      .orderBy('d.id')
      .limit(1000)
      .execute()
    return Promise.all(rows.map((r) => this.toFound(r)))
  }

  private async toFound(r: Awaited<ReturnType<ReturnType<DocumentReader['query']>['execute']>>[number]) {
    const version = await this.store.fromRow('DocumentReference', {
      id: r.id,
      version_id: r.version_id,
      last_updated: r.last_updated,
      patient_id: r.resource_patient_id,
      deleted: false,
      json: r.json,
    })
    return {
      row: {
        id: r.id,
        patient_id: r.patient_id,
        content_type: r.content_type,
        size: r.size,
        stored_size: r.stored_size,
        sha256: r.sha256,
        wrapped_key: r.wrapped_key,
        scan: r.scan,
        uploaded_by: r.uploaded_by,
        created_at: r.created_at,
      },
      resource: JSON.parse(version.json ?? '{}') as DocumentReference,
      versionId: r.version_id,
      uploader: { displayName: r.uploader_name, role: r.uploader_role },
    }
  }
}

export function toView(found: FoundDocument): DocumentView {
  const { row, resource, uploader } = found
  const review = reviewOf(resource)
  return {
    id: row.id,
    patientId: row.patient_id,
    title: titleOf(resource),
    category: categoryOf(resource),
    contentType: row.content_type,
    size: row.size,
    uploadedAt: row.created_at.toISOString(),
    uploadedBy: { id: row.uploaded_by, displayName: uploader.displayName, role: uploader.role },
    review: {
      status: review.status,
      ...(review.reason ? { reason: review.reason } : {}),
      ...(review.reviewedBy ? { reviewedBy: review.reviewedBy } : {}),
      ...(review.reviewedAt ? { reviewedAt: review.reviewedAt } : {}),
    },
    scan: row.scan,
  }
}
