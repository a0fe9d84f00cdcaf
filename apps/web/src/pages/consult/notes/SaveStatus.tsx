import { formatClock } from '../../../components/scheduling/time-words.ts'
import type { SaveState } from './use-note-draft.ts'

export interface SaveStatusProps {
  save: SaveState
}

/** "Saving…", "Saved 10:04" or why it was not saved; a polite live region, errors an alert. */
export function SaveStatus({ save }: SaveStatusProps) {
  return (
    <>
      <p className="notes-panel__status" role="status">
        {save.kind === 'saving' ? 'Saving…' : null}
        {save.kind === 'saved' ? `Saved ${formatClock(save.at)}` : null}
      </p>
      <div role="alert">
        {save.kind === 'error' ? (
          <p className="notes-panel__error">
            Not saved: {save.message}
            {save.retrying ? ' We will keep trying.' : null}
          </p>
        ) : null}
      </div>
    </>
  )
}
