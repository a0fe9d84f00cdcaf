import type { ReadinessState } from '@tessera/contracts'

export interface ReadinessMarkProps {
  state: ReadinessState
  /** The CSS block the mark is styled by (each page's stylesheet sizes it). */
  block?: string
}

/** A tick, a cross or a question mark; decorative (the words beside it say the same). */
export function ReadinessMark({ state, block = 'readiness-mark' }: ReadinessMarkProps) {
  return (
    <svg className={`${block} ${block}--${state}`} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="11" />
      {state === 'done' ? <path d="M6.5 12.5l3.5 3.5 7.5-8" /> : null}
      {state === 'missing' ? <path d="M8 8l8 8M16 8l-8 8" /> : null}
      {state === 'unknown' ? <path d="M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.7.3-1 .8-1 1.5v.7M12 17v.5" /> : null}
    </svg>
  )
}
