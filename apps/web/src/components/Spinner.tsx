/** A small indeterminate progress mark; decorative, because its owner announces the state. */
export function Spinner() {
  return <span className="spinner" aria-hidden="true" />
}
