import { Spinner } from './Spinner.tsx'

export interface LoadingProps {
  /** What is loading, in words: "Loading your sessions…". */
  label: string
}

/** A visible, announced progress message for content that is on its way. */
export function Loading({ label }: LoadingProps) {
  return (
    <div className="loading" role="status">
      <Spinner />
      <span>{label}</span>
    </div>
  )
}
