import { ApiError } from '../api/client.ts'
import { passkeyErrorMessage } from '../api/passkeys.ts'
import { StepUpCancelled } from './step-up-cancelled.ts'

export interface SubmitErrors {
  /** Shown in the form's alert region. */
  message: string
  /** Per-field messages for <Form validationErrors>. */
  fields: Record<string, string[]>
}

/** Field notes arrive terse ("not right", "already in use"); show them as a sentence. */
function sentence(text: string): string {
  const trimmed = text.trim()
  if (!trimmed) return trimmed
  const first = trimmed.charAt(0).toUpperCase() + trimmed.slice(1)
  return /[.!?]$/.test(first) ? first : `${first}.`
}

/**
 * Turns a failed submit into what the form shows. Only the server's own message is displayed;
 * anything unexpected gets a generic sentence (an exception's text could carry user data).
 */
export function toSubmitErrors(error: unknown): SubmitErrors {
  if (error instanceof ApiError) {
    const fields: Record<string, string[]> = {}
    for (const [name, messages] of Object.entries(error.fieldErrors())) fields[name] = messages.map(sentence)
    return { message: error.message, fields }
  }
  if (error instanceof StepUpCancelled) return { message: error.message, fields: {} }
  const passkey = passkeyErrorMessage(error)
  if (passkey) return { message: passkey, fields: {} }
  return { message: 'Something went wrong. Try again in a moment.', fields: {} }
}
