import { ApiError } from '../api/client.ts'

export interface SubmitErrors {
  /** Shown in the form's alert region. */
  message: string
  /** Per-field messages for <Form validationErrors>. */
  fields: Record<string, string[]>
}

/**
 * Turns a failed submit into what the form shows. Only the server's own message is displayed;
 * anything unexpected gets a generic sentence (an exception's text could carry user data).
 */
export function toSubmitErrors(error: unknown): SubmitErrors {
  if (error instanceof ApiError) return { message: error.message, fields: error.fieldErrors() }
  return { message: 'Something went wrong. Try again in a moment.', fields: {} }
}
