import { useId } from 'react'

export interface SectionProgressProps {
  position: number
  total: number
}

/** "Section 3 of 10", in words and as a native <progress> (no style attribute: the CSP refuses those). */
export function SectionProgress({ position, total }: SectionProgressProps) {
  const id = useId()
  // A form of one section needs no "Section 1 of 1".
  if (total <= 1) return null
  return (
    <div className="intake-progress">
      <p className="intake-progress__text" id={id}>
        Section {position} of {total}
      </p>
      <progress className="intake-progress__bar" max={total} value={position} aria-labelledby={id}>
        {position} of {total}
      </progress>
    </div>
  )
}
