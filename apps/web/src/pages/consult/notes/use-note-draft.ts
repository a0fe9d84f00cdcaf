// The draft note's autosave: a save a few seconds after typing starts (so a long stretch of typing
// is saved every few seconds, not only when it pauses), on blur, when the tab is hidden, and as the
// page goes away (a keepalive request that outlives it). Saves never overlap: each carries the
// version the previous one answered, so a second tab's edits are a conflict the clinician sees,
// never silently lost.
import { useCallback, useEffect, useRef, useState } from 'react'
import type { ConsultNoteView } from '@tessera/contracts'
import { ApiError } from '../../../api/client.ts'
import { consultNotesApi } from '../../../api/consult-notes.ts'
import { toSubmitErrors } from '../../../lib/submit-errors.ts'

/** How long after the first unsaved keystroke the draft is saved. */
export const AUTOSAVE_MS = 3000
/** After a failed save (network), the next try. */
const RETRY_MS = 5000

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: string }
  | { kind: 'error'; message: string; conflict: boolean; retrying: boolean }

export type NoteLoad =
  | { status: 'loading' }
  | { status: 'error'; notFound: boolean; message: string }
  | { status: 'ready'; note: ConsultNoteView }

export interface NoteDraft {
  load: NoteLoad
  text: string
  setText: (text: string) => void
  save: SaveState
  /** Saves now (blur, before signing); true when nothing typed is left unsaved. */
  flush: () => Promise<boolean>
  /** The version the server last answered (what a signature attests). */
  version: () => number
  /** The server's copy replaces the local one (after a conflict, or a change like signing). */
  accept: (note: ConsultNoteView) => void
  reload: () => void
}

export function useNoteDraft(appointmentId: string): NoteDraft {
  const [load, setLoad] = useState<NoteLoad>({ status: 'loading' })
  const [text, setTextState] = useState('')
  const [save, setSave] = useState<SaveState>({ kind: 'idle' })
  const [attempt, setAttempt] = useState(0)
  // The live values the timers and page events read (they outlive a render).
  const live = useRef({ text: '', savedText: '', version: 0, editable: false })
  const inFlight = useRef<Promise<boolean> | null>(null)
  const timer = useRef<number | null>(null)
  const saveRef = useRef<() => Promise<boolean>>(async () => true)

  const clearTimer = () => {
    if (timer.current !== null) window.clearTimeout(timer.current)
    timer.current = null
  }

  const accept = useCallback((note: ConsultNoteView) => {
    live.current = {
      text: note.text,
      savedText: note.text,
      version: note.version,
      editable: note.status === 'empty' || note.status === 'draft',
    }
    setTextState(note.text)
    setLoad({ status: 'ready', note })
    setSave(note.updatedAt ? { kind: 'saved', at: note.updatedAt } : { kind: 'idle' })
  }, [])

  useEffect(() => {
    const abort = new AbortController()
    setLoad({ status: 'loading' })
    consultNotesApi.get(appointmentId, abort.signal).then(accept, (error: unknown) => {
      if (abort.signal.aborted) return
      setLoad({
        status: 'error',
        notFound: error instanceof ApiError && error.status === 404,
        message: toSubmitErrors(error).message,
      })
    })
    return () => abort.abort()
  }, [appointmentId, accept, attempt])

  const schedule = useCallback(() => {
    if (timer.current === null) timer.current = window.setTimeout(() => void saveRef.current(), AUTOSAVE_MS)
  }, [])

  const saveNow = useCallback(async (): Promise<boolean> => {
    clearTimer()
    if (inFlight.current) await inFlight.current
    const { text: toSave, savedText, version, editable } = live.current
    if (toSave === savedText) return true
    if (!editable) return false
    setSave({ kind: 'saving' })
    const run = consultNotesApi.save(appointmentId, toSave, version).then(
      (note) => {
        live.current = { ...live.current, savedText: note.text, version: note.version }
        setLoad({ status: 'ready', note })
        setSave({ kind: 'saved', at: note.updatedAt ?? new Date().toISOString() })
        // Typing went on while this save was on its way: the rest is saved on the next tick.
        if (live.current.text !== note.text) schedule()
        return live.current.text === note.text
      },
      (error: unknown) => {
        const conflict = error instanceof ApiError && error.status === 409
        if (conflict) live.current = { ...live.current, editable: false }
        // A network failure or a server error is tried again; a refusal (400, 409) is not.
        const refused = error instanceof ApiError && error.status >= 400 && error.status < 500
        const retrying = !refused || (error instanceof ApiError && error.status === 429)
        setSave({ kind: 'error', message: toSubmitErrors(error).message, conflict, retrying })
        if (retrying) {
          timer.current = window.setTimeout(() => void saveRef.current(), RETRY_MS)
        }
        return false
      },
    )
    inFlight.current = run
    try {
      return await run
    } finally {
      if (inFlight.current === run) inFlight.current = null
    }
  }, [appointmentId, schedule])

  useEffect(() => {
    saveRef.current = saveNow
  }, [saveNow])

  const setText = useCallback(
    (next: string) => {
      live.current = { ...live.current, text: next }
      setTextState(next)
      if (live.current.editable && next !== live.current.savedText) schedule()
    },
    [schedule],
  )

  // The tab is hidden (another tab, a shared screen): save at once. The page or the panel is going
  // away (closed, reloaded, the call ended): the last words go out with keepalive, even past a save
  // still on its way, which the unload may cancel (if both arrive, the second is a harmless 409).
  useEffect(() => {
    const onHide = () => {
      const { text: toSave, savedText, version, editable } = live.current
      if (!editable || toSave === savedText) return
      clearTimer()
      consultNotesApi.saveOnExit(appointmentId, toSave, version)
    }
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') void saveRef.current()
    }
    // Back from the back/forward cache: the keepalive save may have moved the version on.
    const onShow = (event: PageTransitionEvent) => {
      if (event.persisted) setAttempt((n) => n + 1)
    }
    window.addEventListener('pagehide', onHide)
    window.addEventListener('pageshow', onShow)
    document.addEventListener('visibilitychange', onVisibility)
    return () => {
      window.removeEventListener('pagehide', onHide)
      window.removeEventListener('pageshow', onShow)
      document.removeEventListener('visibilitychange', onVisibility)
      // The panel goes away (the call ended, another page): what was typed is not left behind.
      onHide()
      clearTimer()
    }
  }, [appointmentId])

  return {
    load,
    text,
    setText,
    save,
    flush: saveNow,
    version: () => live.current.version,
    accept,
    reload: () => setAttempt((n) => n + 1),
  }
}
