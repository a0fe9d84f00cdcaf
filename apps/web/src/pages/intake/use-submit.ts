import { useState } from 'react'
import { ApiError } from '../../api/client.ts'
import { intakeApi } from '../../api/intake.ts'
import { toSubmitErrors } from '../../lib/submit-errors.ts'
import type { Autosave, Snapshot } from './use-autosave.ts'

export type SubmitState =
  | { status: 'idle' }
  | { status: 'sending' }
  /** `details`: the server's list, each naming its question by linkId (`linkId: message`). */
  | { status: 'failed'; message: string; details: readonly string[] }

export interface SubmitOptions {
  patientId: string
  responseId: string
  canonical: string
  autosave: Autosave
  onSubmitted: () => void
}

/** Submit: save what is pending first (so the version is current), then the completed response. */
export function useSubmit({ patientId, responseId, canonical, autosave, onSubmitted }: SubmitOptions) {
  const [state, setState] = useState<SubmitState>({ status: 'idle' })
  const run = async (snapshot: Snapshot): Promise<void> => {
    setState({ status: 'sending' })
    const saved = await autosave.flush(snapshot)
    if (!saved) {
      setState({
        status: 'failed',
        message:
          'Your answers could not be saved, so they were not submitted. Check your connection and try again.',
        details: [],
      })
      return
    }
    try {
      await intakeApi.submit(patientId, responseId, {
        questionnaire: canonical,
        item: snapshot.items,
        section: snapshot.section,
        version: autosave.version(),
      })
      setState({ status: 'idle' })
      onSubmitted()
    } catch (error) {
      const details = error instanceof ApiError ? error.details.map((d) => d.message) : []
      setState({ status: 'failed', message: toSubmitErrors(error).message, details })
    }
  }
  return { state, run }
}
