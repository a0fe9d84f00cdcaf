// What a failed upload answers, and what becomes of the rest of its request body.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from '../../platform/errors.ts'
import { FORM_OVERHEAD_BYTES } from './upload-form.ts'
import { refusedInput, tooLarge } from './upload/refusal.ts'

interface CodedError {
  code?: unknown
  message?: unknown
}

/** Multipart parser errors in the uploader's words; other errors pass through unchanged. */
export function uploadError(err: unknown, maxBytes = 0): unknown {
  if (err instanceof AppError) return err
  const { code, message } = (err ?? {}) as CodedError
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return tooLarge(maxBytes)
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return refusedInput('body', 'Send one "category" field and one file, nothing more.', 'too many parts')
    case 'FST_PROTO_VIOLATION':
      return refusedInput('body', 'A form field has a name that is not allowed.', 'bad field name')
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('unsupported-media-type', 'Send the upload as multipart/form-data.')
    default:
      break
  }
  if (
    typeof message === 'string' &&
    /multipart|part terminated|premature close|unexpected end/i.test(message)
  )
    return refusedInput('body', 'The upload was cut short or is not a valid form. Try again.', 'malformed')
  return err
}

/**
 * After a refusal the client may still be sending. If what is left is bounded by the limit, read
 * and discard it, so the client gets the answer instead of a reset connection; otherwise close the
 * connection once the answer is out.
 */
export function settleUploadRequest(req: FastifyRequest, reply: FastifyReply, maxBytes: number): void {
  const raw = req.raw
  if (raw.readableEnded || raw.destroyed) return
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared <= maxBytes + FORM_OVERHEAD_BYTES) raw.resume()
  else reply.header('connection', 'close')
}
