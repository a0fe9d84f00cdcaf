// Storing an upload (S26, S31, S35), streamed end to end so memory stays flat whatever the size:
//   client bytes -> size limit -> sniff + format checks + metadata stripping -> size and SHA-256
//   -> virus scan (clamd, when configured) -> encryption (patient's data key) -> blob store
// The blob is durable under its final name before the document row and its DocumentReference are
// committed, in one transaction; any refusal or failure before that removes the blob.
import { randomUUID } from 'node:crypto'
import { pipeline, type Readable } from 'node:stream'
import type { DocumentCategory } from '@tessera/contracts'
import type { Actor } from '../../access/actor.ts'
import { writeVersion } from '../../fhir/resource-writer.ts'
import { validateResource } from '../../fhir/validate.ts'
import { AppError } from '../../platform/errors.ts'
import { vaultStreamCipher, type DocumentDeps } from './document-deps.ts'
import { newDocumentReference } from './document-resource.ts'
import { ContentFilter } from './upload/content-filter.ts'
import { checkFileName, displayTitle } from './upload/file-name.ts'
import { Digest, SizeLimit } from './upload/measure.ts'
import { CONTENT_TYPE } from './upload/sniff.ts'

export interface UploadInput {
  patientId: string
  category: DocumentCategory
  /** The name the client gave the file: display text only. */
  fileName: string | undefined
  /** The Content-Type the client declared: quoted in a refusal, never trusted. */
  declaredType: string | undefined
  file: Readable
}

/** An upload whose blob is durable but not yet a document: commit it, or discard it. */
export interface StagedUpload {
  /** Commits the row and the DocumentReference (one transaction); returns the document id. */
  commit(): Promise<string>
  /** Removes the blob (the form turned out bad after the file, or the commit failed). */
  discard(): Promise<void>
}

/** Streams the upload through every check into the blob store; nothing is visible until `commit`. */
export async function stageUpload(
  deps: DocumentDeps,
  actor: Actor,
  input: UploadInput,
): Promise<StagedUpload> {
  checkFileName(input.fileName)
  const { patientId } = input
  const id = randomUUID()
  const dataKey = await deps.vault.newDataKey(patientId)
  const filter = new ContentFilter(input.declaredType)
  const digest = new Digest()
  const encrypt = (deps.streamCipher ?? vaultStreamCipher).encrypt({
    key: dataKey.key,
    documentId: id,
    patientId,
    keyVersion: dataKey.keyVersion,
  })
  dataKey.key.fill(0)
  let failure: Error | undefined
  const stages = [
    input.file,
    new SizeLimit(deps.uploadMaxBytes),
    filter,
    digest,
    ...(deps.scanner ? [deps.scanner.tap()] : []),
    encrypt,
  ]
  // The last stage (a Transform) is what the blob store reads; an error anywhere destroys it.
  const encrypted = pipeline(stages, (err) => {
    failure = err ?? undefined
  }) as unknown as Readable
  let stored: { size: number }
  try {
    stored = await deps.blobs.put(id, encrypted)
  } catch (err) {
    input.file.resume()
    throw err instanceof AppError ? err : failure instanceof AppError ? failure : err
  }
  const facts: StoredFacts = {
    kind: filter.kind!,
    size: digest.size,
    sha256: digest.sha256(),
    storedSize: stored.size,
    wrappedKey: dataKey.wrapped,
  }
  const discard = (): Promise<void> => deps.blobs.delete(id).catch(() => undefined)
  return {
    discard,
    commit: async () => {
      try {
        await commit(deps, actor, input, id, facts)
      } catch (err) {
        await discard()
        throw err
      }
      return id
    },
  }
}

interface StoredFacts {
  kind: NonNullable<ContentFilter['kind']>
  size: number
  sha256: string
  storedSize: number
  wrappedKey: string
}

async function commit(
  deps: DocumentDeps,
  actor: Actor,
  input: UploadInput,
  id: string,
  facts: StoredFacts,
): Promise<void> {
  const uploader = await deps.db
    .selectFrom('account')
    .select(['display_name', 'role'])
    .where('id', '=', actor.accountId)
    .executeTakeFirstOrThrow()
  const now = deps.clock.now()
  const contentType = CONTENT_TYPE[facts.kind]
  const resource = validateResource(
    newDocumentReference(id, {
      patientId: input.patientId,
      category: input.category,
      title: displayTitle(input.fileName, facts.kind),
      contentType,
      size: facts.size,
      scan: deps.scanner ? 'clean' : 'not-scanned',
      uploadedAt: now,
      uploader: { id: actor.accountId, displayName: uploader.display_name, role: uploader.role },
    }),
    'DocumentReference',
  )
  await deps.db.transaction().execute(async (tx) => {
    // The actor must still see the patient now (a care team can end while a file uploads).
    const patientId = await deps.fhir.store.compartmentOf(tx, actor, 'DocumentReference', resource)
    if (patientId !== input.patientId) throw new AppError('not-found', 'No such patient.')
    await tx
      .insertInto('document')
      .values({
        id,
        patient_id: patientId,
        content_type: contentType,
        size: facts.size,
        stored_size: facts.storedSize,
        sha256: facts.sha256,
        wrapped_key: facts.wrappedKey,
        scan: deps.scanner ? 'clean' : 'not-scanned',
        uploaded_by: actor.accountId,
        created_at: now,
      })
      .execute()
    await writeVersion(tx, deps.fhir.protector, {
      type: 'DocumentReference',
      id,
      versionId: 1,
      lastUpdated: now,
      patientId,
      resource,
    })
  })
}
