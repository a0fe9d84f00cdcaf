import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import type { SaveState } from './use-autosave.ts'

export interface SaveProblemProps {
  state: SaveState
  onReload: () => void
  onRetry: () => void
}

/** A save that failed, announced; after another device saved, the way to load its answers. */
export function SaveProblem({ state, onReload, onRetry }: SaveProblemProps) {
  const failed = state.status === 'failed'
  return (
    <Alert tone="error" title={failed ? 'Your last change was not saved' : ''}>
      {failed ? (
        <>
          <p>{state.conflict ? 'These answers were changed on another device.' : state.message}</p>
          {state.conflict ? (
            <Button variant="secondary" onPress={onReload}>
              Load the latest answers
            </Button>
          ) : (
            <Button variant="secondary" onPress={onRetry}>
              Try again
            </Button>
          )}
        </>
      ) : null}
    </Alert>
  )
}
