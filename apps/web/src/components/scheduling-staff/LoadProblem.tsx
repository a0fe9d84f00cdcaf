import { Alert } from '../Alert.tsx'
import { Button } from '../Button.tsx'

export interface LoadProblemProps {
  title: string
  message: string
  onRetry: () => void
}

/** A failed load: what went wrong, and a way to try again. */
export function LoadProblem({ title, message, onRetry }: LoadProblemProps) {
  return (
    <>
      <Alert tone="error" title={title}>
        {message}
      </Alert>
      <Button variant="secondary" onPress={onRetry}>
        Try again
      </Button>
    </>
  )
}
