// Sending a document's bytes (S27, S35): verified segment by segment on the way out; never shown
// inline (attachment, nosniff, the content type that was sniffed at upload); never cached. The
// first verified piece is read before anything is sent, so a document that fails at once gets a
// clear JSON error; one that fails later has its connection cut, with no unverified byte sent.
import { Readable } from 'node:stream'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppContext } from '../../context.ts'
import { AppError } from '../../platform/errors.ts'
import { VaultIntegrityError } from '../crypto/errors.ts'
import { BlobMissing } from './blob-store.ts'
import { readFirst } from './document-download.ts'
import type { FoundDocument } from './document-reader.ts'
import { contentDisposition, downloadName } from './upload/file-name.ts'

const MESSAGES = {
  integrity:
    'This document failed its integrity check, so it was not sent. It may be damaged; the clinic has been alerted.',
  missing: 'The stored file of this document is missing, so it cannot be sent. The clinic has been alerted.',
} as const

function failClosed(req: FastifyRequest, reply: FastifyReply, why: keyof typeof MESSAGES, id: string) {
  // The document id only: no name, no patient, no detail of which byte failed.
  req.log.error({ documentId: id, problem: why }, 'vault: a document could not be served')
  return reply
    .code(500)
    .type('application/json; charset=utf-8')
    .send({ error: { code: 'internal', message: MESSAGES[why], requestId: req.id } })
}

export async function sendDocument(
  ctx: AppContext,
  req: FastifyRequest,
  reply: FastifyReply,
  found: FoundDocument,
): Promise<FastifyReply> {
  const id = found.row.id
  let opened
  try {
    opened = await ctx.documents.open(found)
  } catch (err) {
    if (err instanceof AppError) throw err // erased (410)
    if (err instanceof BlobMissing) return failClosed(req, reply, 'missing', id)
    if (err instanceof VaultIntegrityError) return failClosed(req, reply, 'integrity', id)
    throw err
  }
  const first = await readFirst(opened.stream)
  if ('error' in first) {
    opened.stream.destroy()
    return failClosed(req, reply, 'integrity', id)
  }
  const { chunk, rest } = first
  const onLateFailure = (): void => {
    req.log.error(
      { documentId: id, problem: 'integrity' },
      'vault: a document failed part-way; sending stopped',
    )
    void ctx.audit
      .record([
        {
          action: 'document.download',
          outcome: 'failure',
          actorId: req.actor?.accountId ?? null,
          actorRole: req.actor?.role ?? null,
          sessionId: req.actor?.sessionId ?? null,
          patientId: found.row.patient_id,
          entities: [`DocumentReference/${id}`],
          requestId: req.id,
          detail: 'integrity-failure',
        },
      ])
      .catch((err: unknown) => req.log.error({ err }, 'audit write failed'))
  }
  async function* verified(): AsyncGenerator<Buffer> {
    yield chunk
    try {
      for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value
    } catch (err) {
      onLateFailure()
      throw err
    }
  }
  return reply
    .header('content-type', found.row.content_type)
    .header('content-length', String(found.row.size))
    .header('content-disposition', contentDisposition(downloadName(opened.view.title, opened.kind)))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .send(Readable.from(verified(), { objectMode: false }))
}
