// "Download all my data" (JOURNEYS.md patient step 9): the patient's FHIR record (the Bundle that
// Patient/$everything produces) and every readable document, decrypted through the vault's normal
// read path, streamed as one ZIP. Entries are stored, not compressed, so the archive's exact size
// is known before the first byte (Content-Length: the browser can show real progress). Documents
// are opened one at a time, as the archive reaches them; none is ever held whole in memory.
import { PassThrough, type Readable } from 'node:stream'
import { ZipFile } from 'yazl'
import type { Actor } from '../access/actor.ts'
import type { AppContext } from '../context.ts'
import { searchBundle } from '../fhir/bundle.ts'
import { AppError } from '../platform/errors.ts'
import { VaultIntegrityError } from '../vault/crypto/errors.ts'
import { VaultKeyErased } from '../vault/keys/errors.ts'
import { BlobMissing } from '../vault/documents/blob-store.ts'
import type { FoundDocument } from '../vault/documents/document-reader.ts'
import { categoryOf, titleOf } from '../vault/documents/document-resource.ts'
import { CONTENT_TYPE, type AcceptedKind } from '../vault/documents/upload/sniff.ts'
import { UniqueNames, safeDocumentName } from './export-names.ts'
import { readmeText, type ReadmeDocument, type ReadmeSkipped, type SkipReason } from './export-readme.ts'

export interface PreparedExport {
  /** PHI-free: `tessera-my-data-YYYY-MM-DD.zip`. */
  fileName: string
  /** Exact bytes the stream will produce (yazl's calculated total size). */
  size: number
  /** The archive; errors (and stops) if a document fails part-way. */
  stream: Readable
  /** Documents in the archive, for the audit event. */
  documentIds: string[]
}

/** Told when a document fails after the response started (the transfer is then cut). */
export type LateFailure = (documentId: string) => void

interface Entry {
  path: string
  found: FoundDocument
}

/** Why a document cannot be read now; anything unexpected is rethrown. */
function skipReason(err: unknown): SkipReason {
  if (err instanceof VaultKeyErased) return 'erased'
  if (err instanceof BlobMissing) return 'missing'
  if (err instanceof VaultIntegrityError) return 'damaged'
  throw err
}

export class PrivacyExport {
  constructor(private readonly ctx: AppContext) {}

  async prepare(actor: Actor, onLateFailure: LateFailure): Promise<PreparedExport> {
    const patientId = actor.accountId
    const now = this.ctx.clock.now()
    const base = `${this.ctx.identity.publicUrl()}/fhir/R4`
    // The same Bundle as GET /fhir/R4/Patient/<id>/$everything (fhir-requests.ts).
    const versions = await this.ctx.fhir.history.everything(actor, patientId, {})
    const record = Buffer.from(
      searchBundle(
        base,
        now,
        { self: `${base}/Patient/${patientId}/$everything` },
        versions.length,
        versions,
        [],
      ),
    )

    const { documents, skipped, notListed } = await this.readableDocuments(actor, patientId)
    const names = new UniqueNames()
    const entries: Entry[] = documents.map((found) => ({
      path: `documents/${names.claim(safeDocumentName(titleOf(found.resource), kindOf(found)))}`,
      found,
    }))
    const readme = readmeText({
      now,
      timeZone: this.ctx.config.clinicTimeZone,
      resources: versions.length,
      documents: entries.map((e): ReadmeDocument => ({
        path: e.path,
        title: titleOf(e.found.resource),
        category: categoryOf(e.found.resource),
        uploadedAt: e.found.row.created_at,
        size: e.found.row.size,
      })),
      skipped,
      notListed,
    })

    const zip = new ZipFile()
    // yazl's outputStream is a PassThrough; it is piped into this one so a failure can end both.
    const output = new PassThrough()
    let current: Readable | null = null
    const fail = (err: unknown, documentId: string | null): void => {
      // Already ended (the client went away, or an earlier failure): nothing more to report.
      if (output.destroyed) return
      if (documentId) onLateFailure(documentId)
      output.destroy(err instanceof Error ? err : new Error('export failed'))
    }
    zip.on('error', (err: unknown) => fail(err, null))
    // A failure can come before Fastify took the stream (it then answers 500) or after (it cuts the
    // connection); either way it was logged and audited above, so it must not become uncaught.
    output.on('error', () => undefined)
    output.once('close', () => current?.destroy())
    ;(zip.outputStream as Readable).pipe(output)

    const stored = { compress: false, mtime: now }
    zip.addBuffer(Buffer.from(readme, 'utf8'), 'README.txt', stored)
    zip.addBuffer(record, 'record.fhir.json', stored)
    for (const { path, found } of entries) {
      const id = found.row.id
      const options = { compress: false, mtime: found.row.created_at, size: found.row.size }
      // Called when the archive reaches this entry, so only one document is open at a time.
      zip.addReadStreamLazy(path, options, (cb) => {
        this.ctx.documents.open(found).then(
          (opened) => {
            current = opened.stream
            // yazl pipes the stream without watching for errors: a failed segment cuts the transfer.
            opened.stream.once('error', (err: unknown) => fail(err, id))
            cb(null, opened.stream)
          },
          (err: unknown) => fail(err, id),
        )
      })
    }
    const size = await new Promise<number>((resolve) =>
      // @types/yazl types the callback without its argument: yazl passes the calculated total size.
      (zip.end as (options: object, cb: (total: number) => void) => void).call(zip, {}, resolve),
    )
    if (size < 0) {
      output.destroy()
      throw new AppError('internal', 'the export size could not be calculated')
    }
    return {
      fileName: `tessera-my-data-${now.toISOString().slice(0, 10)}.zip`,
      size,
      stream: output,
      documentIds: entries.map((e) => e.found.row.id),
    }
  }

  /**
   * The patient's documents that can be read now (newest first), and those that cannot, with why.
   * Each is opened once before the response starts (its key unwrapped, its file opened), so a
   * document erased or missing is listed in README.txt instead of breaking the download.
   */
  private async readableDocuments(
    actor: Actor,
    patientId: string,
  ): Promise<{ documents: FoundDocument[]; skipped: ReadmeSkipped[]; notListed: number }> {
    const { reader } = this.ctx.documents
    const found = await reader.list(this.ctx.db, actor, patientId)
    const documents: FoundDocument[] = []
    const skipped: ReadmeSkipped[] = []
    for (const doc of found) {
      try {
        const opened = await this.ctx.documents.open(doc)
        opened.stream.destroy()
        documents.push(doc)
      } catch (err) {
        const why = skipReason(err)
        // The document id only: no title, no patient.
        if (why !== 'erased')
          this.ctx.log.error(
            { documentId: doc.row.id, problem: why },
            'privacy export: a document was left out',
          )
        skipped.push({ title: titleOf(doc.resource), uploadedAt: doc.row.created_at, why })
      }
    }
    const counted = await this.ctx.db
      .selectFrom('document as d')
      .innerJoin('fhir_resource as r', (join) =>
        join.onRef('r.id', '=', 'd.id').on('r.resource_type', '=', 'DocumentReference'),
      )
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('d.patient_id', '=', patientId)
      .where('r.deleted', '=', false)
      .executeTakeFirst()
    return { documents, skipped, notListed: Math.max(0, Number(counted?.n ?? 0) - found.length) }
  }
}

const KIND_BY_TYPE = Object.fromEntries(
  Object.entries(CONTENT_TYPE).map(([kind, type]) => [type, kind as AcceptedKind]),
)

function kindOf(found: FoundDocument): AcceptedKind {
  return KIND_BY_TYPE[found.row.content_type] ?? 'pdf'
}
