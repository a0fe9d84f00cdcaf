// The document vault's operations: upload, list, open (verified bytes), review. Every one goes
// through the access policy (a patient sees only their own documents, a clinician their care
// team's; anything else is "not found"), and returns what the audit event needs.
import type { Readable } from 'node:stream'
import type { DocumentReviewBody, DocumentView } from '@tessera/contracts'
import type { Actor } from '../../access/actor.ts'
import type { BlobSweeper } from './blob-sweeper.ts'
import type { DocumentDeps } from './document-deps.ts'
import { openPlaintext } from './document-download.ts'
import { DocumentReader, toView, type FoundDocument } from './document-reader.ts'
import { withReview } from './document-resource.ts'
import { stageUpload, type StagedUpload, type UploadInput } from './document-upload.ts'
import type { AcceptedKind } from './upload/sniff.ts'
import { CONTENT_TYPE } from './upload/sniff.ts'

export interface OpenedDocument {
  view: DocumentView
  kind: AcceptedKind
  /** Verified plaintext; errors (and releases nothing more) on any integrity failure. */
  stream: Readable
}

const KIND_BY_TYPE = Object.fromEntries(Object.entries(CONTENT_TYPE).map(([k, t]) => [t, k])) as Record<
  string,
  AcceptedKind
>

export class DocumentService {
  readonly reader: DocumentReader

  constructor(
    readonly deps: DocumentDeps,
    readonly sweeper: BlobSweeper,
  ) {
    this.reader = new DocumentReader(deps.access, deps.fhir.store)
  }

  /** Checks the patient is one the actor may see (404 otherwise), before any byte is read. */
  async assertPatient(actor: Actor, patientId: string): Promise<void> {
    await this.deps.access.assertPatient(actor, patientId, 'clinical')
  }

  /** Checks and stores the file; the document exists once the returned upload is committed. */
  async stage(actor: Actor, input: UploadInput): Promise<StagedUpload> {
    await this.assertPatient(actor, input.patientId)
    return stageUpload(this.deps, actor, input)
  }

  async commit(actor: Actor, staged: StagedUpload): Promise<DocumentView> {
    const id = await staged.commit()
    return toView(await this.reader.find(this.deps.db, actor, id))
  }

  async list(actor: Actor, patientId: string): Promise<DocumentView[]> {
    await this.assertPatient(actor, patientId)
    return (await this.reader.list(this.deps.db, actor, patientId)).map(toView)
  }

  async find(actor: Actor, id: string): Promise<FoundDocument> {
    return this.reader.find(this.deps.db, actor, id)
  }

  async open(found: FoundDocument): Promise<OpenedDocument> {
    const stream = await openPlaintext(this.deps.blobs, this.deps.vault, found.row)
    return { view: toView(found), kind: KIND_BY_TYPE[found.row.content_type] ?? 'pdf', stream }
  }

  async review(actor: Actor, found: FoundDocument, body: DocumentReviewBody): Promise<DocumentView> {
    const reviewer = await this.deps.db
      .selectFrom('account')
      .select('display_name')
      .where('id', '=', actor.accountId)
      .executeTakeFirstOrThrow()
    const updated = withReview(
      found.resource,
      body,
      { id: actor.accountId, displayName: reviewer.display_name },
      this.deps.clock.now(),
    )
    await this.deps.fhir.store.update(
      actor,
      'DocumentReference',
      found.row.id,
      updated,
      `W/"${found.versionId}"`,
    )
    return toView(await this.reader.find(this.deps.db, actor, found.row.id))
  }
}
