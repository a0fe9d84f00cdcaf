// What a refused check-in or room read means to a person: too early (with the time they can join),
// too late, something the clinic needs first (consent...), no such consultation, or another failure.
import { ApiError } from '../../api/client.ts'
import { readinessProblems, type ReadinessProblem } from '../../api/scheduling.ts'
import { toSubmitErrors } from '../../lib/submit-errors.ts'

export type ConsultProblem =
  | { kind: 'too-early'; joinFrom: string }
  | { kind: 'too-late' }
  | { kind: 'not-ready'; message: string; needs: ReadinessProblem[] }
  | { kind: 'not-found' }
  | { kind: 'other'; message: string }

function instantDetail(error: ApiError, path: string): string | null {
  const detail = error.details.find((d) => d.path === path)
  return detail && !Number.isNaN(Date.parse(detail.message)) ? detail.message : null
}

export function consultProblem(error: unknown): ConsultProblem {
  if (error instanceof ApiError) {
    if (error.status === 404) return { kind: 'not-found' }
    if (error.status === 409) {
      const joinFrom = instantDetail(error, 'joinFrom')
      if (joinFrom) return { kind: 'too-early', joinFrom }
      if (error.details.some((d) => d.path === 'joinUntil')) return { kind: 'too-late' }
    }
    const needs = readinessProblems(error)
    if (needs.length > 0) return { kind: 'not-ready', message: error.message, needs }
  }
  return { kind: 'other', message: toSubmitErrors(error).message }
}
