// The upload request: multipart/form-data with the `category` field, then the `file` part. The
// file part is streamed to the vault as it arrives (never buffered); anything else is a clear 400.
import type { FastifyRequest } from 'fastify'
import type { Multipart } from '@fastify/multipart'
import type { Readable } from 'node:stream'
import { DocumentCategory } from '@tessera/contracts'
import { Value } from 'typebox/value'
import { AppError } from '../../platform/errors.ts'
import { refusedInput, tooLarge } from './upload/refusal.ts'

/** Multipart framing and the category field, on top of the file itself. */
export const FORM_OVERHEAD_BYTES = 64 * 1024

export interface UploadParts {
  category: DocumentCategory
  fileName: string | undefined
  declaredType: string | undefined
  file: Readable
}

/** Refusals that need no byte of the body: wrong content type, a declared length over the limit. */
export function checkUploadRequest(req: FastifyRequest, maxBytes: number): void {
  if (!req.isMultipart()) {
    throw new AppError(
      'unsupported-media-type',
      'Send the upload as multipart/form-data: a "category" field, then the "file" part.',
      [{ path: 'header/content-type', message: 'not multipart/form-data' }],
    )
  }
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > maxBytes + FORM_OVERHEAD_BYTES) throw tooLarge(maxBytes)
}

/**
 * Reads the form and calls `store` with the file part while it streams. Returns what `store`
 * returned once the whole form was read and found good; if the form goes wrong after the file
 * (an extra part, a cut), `discard` undoes the stored file and the error is thrown.
 */
export async function withUploadedFile<T>(
  req: FastifyRequest,
  maxBytes: number,
  store: (parts: UploadParts) => Promise<T>,
  discard: (stored: T) => Promise<void>,
): Promise<T> {
  let category: DocumentCategory | undefined
  let result: { value: T } | undefined
  const parts = req.parts({
    // preservePath: the name as sent, so a traversal attempt is refused rather than silently cut.
    preservePath: true,
    limits: { fields: 1, files: 1, parts: 2, fieldSize: 64, fieldNameSize: 32, fileSize: maxBytes + 1 },
  })
  try {
    await readForm()
  } catch (err) {
    if (result) await discard(result.value)
    throw err
  }
  if (!result) throw refusedInput('body/file', 'Choose a file to upload.', 'missing')
  return result.value

  async function readForm(): Promise<void> {
    for await (const part of parts as AsyncIterable<Multipart>) {
      if (part.type === 'field') {
        if (part.fieldname !== 'category') throw unknownField(part.fieldname)
        if (!Value.Check(DocumentCategory, part.value)) {
          throw refusedInput(
            'body/category',
            'Choose what kind of document this is: identity, summary-of-care, letter, prescription or other.',
            'not a document category',
          )
        }
        category = part.value
        continue
      }
      if (part.fieldname !== 'file') throw unknownField(part.fieldname)
      if (!category) {
        throw refusedInput('body/category', 'Send the "category" field before the file.', 'missing')
      }
      const fileName = part.filename || undefined
      result = { value: await store({ category, fileName, declaredType: part.mimetype, file: part.file }) }
    }
  }
}

function unknownField(name: string): AppError {
  const shown = name.replace(/[^\w.-]/g, '?').slice(0, 32)
  return refusedInput(
    `body/${shown}`,
    `unknown field "${shown}": send "category", then "file"`,
    'unknown field',
  )
}
