// "Just taken": the 409 a lost race gets, with the next free starts so the client can offer them
// at once (S28). Each alternative is one detail at `/alternatives` whose message is the ISO start.
import { AppError } from '../../platform/errors.ts'

/** Thrown inside the booking transaction to roll it back when the slot is no longer free. */
export class SlotTaken extends Error {
  override readonly name = 'SlotTaken'
}

export function slotTaken(alternatives: readonly string[]): AppError {
  return new AppError(
    'conflict',
    alternatives.length
      ? 'That time was just taken. Here are the next free times.'
      : 'That time was just taken, and there are no other free times soon.',
    alternatives.map((start) => ({ path: '/alternatives', message: start })),
  )
}

/** PostgreSQL's unique_violation (the one-booking-per-start index), from pg or PGlite. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505'
}
