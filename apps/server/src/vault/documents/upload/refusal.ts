// Why an upload was refused, in words the uploader can act on (S35). Every check throws one of
// these; the route answers with its status and nothing of the upload is kept.
import { AppError } from '../../../platform/errors.ts'

/** The content is not an accepted kind of file, or is one with something we will not store. */
export function refusedContent(message: string, reason: string): AppError {
  return new AppError('unsupported-media-type', message, [{ path: 'file', message: reason }])
}

/** The request itself is wrong: a field, the file name, an empty file. */
export function refusedInput(path: string, message: string, reason: string): AppError {
  return new AppError('invalid', message, [{ path, message: reason }])
}

export function tooLarge(limitBytes: number): AppError {
  return new AppError(
    'payload-too-large',
    `The file is larger than the ${describeBytes(limitBytes)} limit. Upload a smaller file (for a photo, a lower resolution; for a long document, split it).`,
    [{ path: 'file', message: 'too large' }],
  )
}

export function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`
  return `${bytes} bytes`
}
