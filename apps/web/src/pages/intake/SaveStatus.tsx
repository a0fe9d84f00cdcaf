import { Spinner } from '../../components/Spinner.tsx'
import type { SaveState } from './use-autosave.ts'

export interface SaveStatusProps {
  state: SaveState
}

const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' })

/** Whether the answers are saved: shown, not spoken (a failure is announced by SaveProblem). */
export function SaveStatus({ state }: SaveStatusProps) {
  return (
    <p className="intake-save muted">
      {state.status === 'pending' || state.status === 'saving' ? (
        <>
          <Spinner /> Saving…
        </>
      ) : state.status === 'saved' ? (
        `All changes saved at ${time.format(new Date(state.at))}`
      ) : state.status === 'idle' ? (
        'Your answers save as you go.'
      ) : (
        'Not saved'
      )}
    </p>
  )
}
