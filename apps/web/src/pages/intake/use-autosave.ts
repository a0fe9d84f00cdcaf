import type { QuestionnaireResponseItem } from '@medplum/fhirtypes'
import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiError } from '../../api/client.ts'
import { intakeApi } from '../../api/intake.ts'
import { toSubmitErrors } from '../../lib/submit-errors.ts'

export type SaveState =
  | { status: 'idle' }
  | { status: 'pending' }
  | { status: 'saving' }
  | { status: 'saved'; at: string }
  /** `conflict`: another device saved first; this page must reload before saving again. */
  | { status: 'failed'; message: string; conflict: boolean }

export interface Snapshot {
  items: QuestionnaireResponseItem[]
  section: number
}

export interface AutosaveTarget {
  patientId: string
  responseId: string
  /** `url|version` the response is bound to. */
  questionnaire: string
  version: number
}

export interface Autosave {
  state: SaveState
  /** Saves this snapshot after a pause in typing. */
  schedule: (snapshot: Snapshot) => void
  /** Saves now (the given snapshot, or what is pending) and resolves when everything is saved. */
  flush: (snapshot?: Snapshot) => Promise<boolean>
  /** The response version the server has now (for submit). */
  version: () => number
}

const PAUSE_MS = 800

/**
 * Autosave: one request at a time, always the newest snapshot, each carrying the version it was
 * based on (a save from a stale device is a 412 and stops saving here, rather than overwriting).
 */
export function useAutosave(target: AutosaveTarget): Autosave {
  const [state, setState] = useState<SaveState>({ status: 'idle' })
  const version = useRef(target.version)
  const pending = useRef<Snapshot | null>(null)
  const running = useRef<Promise<boolean> | null>(null)
  const timer = useRef<number | undefined>(undefined)
  const stopped = useRef(false)
  const { patientId, responseId, questionnaire } = target

  const run = useCallback(async (): Promise<boolean> => {
    while (pending.current && !stopped.current) {
      const next = pending.current
      pending.current = null
      setState({ status: 'saving' })
      try {
        const saved = await intakeApi.save(patientId, responseId, {
          questionnaire,
          item: next.items,
          section: next.section,
          version: version.current,
        })
        version.current = saved.version
        setState({ status: 'saved', at: saved.savedAt })
      } catch (error) {
        const conflict = error instanceof ApiError && (error.status === 412 || error.status === 409)
        if (conflict) stopped.current = true
        setState({ status: 'failed', message: toSubmitErrors(error).message, conflict })
        return false
      }
    }
    return !stopped.current
  }, [patientId, responseId, questionnaire])

  const flush = useCallback(
    async (snapshot?: Snapshot): Promise<boolean> => {
      window.clearTimeout(timer.current)
      if (snapshot) pending.current = snapshot
      while (running.current) await running.current
      if (!pending.current) return !stopped.current
      const current = run().finally(() => {
        running.current = null
      })
      running.current = current
      return current
    },
    [run],
  )

  const schedule = useCallback(
    (snapshot: Snapshot) => {
      if (stopped.current) return
      pending.current = snapshot
      setState({ status: 'pending' })
      window.clearTimeout(timer.current)
      timer.current = window.setTimeout(() => void flush(), PAUSE_MS)
    },
    [flush],
  )

  // Leaving the form (another section of the app, sign-out) still saves the last change; so does
  // putting the page in the background (switching apps on a phone), without waiting for the pause.
  useEffect(() => {
    const onHide = (): void => {
      if (document.visibilityState === 'hidden') void flush()
    }
    document.addEventListener('visibilitychange', onHide)
    return () => {
      document.removeEventListener('visibilitychange', onHide)
      void flush()
    }
  }, [flush])

  return { state, schedule, flush, version: useCallback(() => version.current, []) }
}
