import type { Ref } from 'react'
import { Button } from '../../components/Button.tsx'
import { focusField } from './field-ids.ts'

export interface ErrorSummaryItem {
  key: string
  question: string
  message: string
}

export interface ErrorSummaryProps {
  items: readonly ErrorSummaryItem[]
  ref?: Ref<HTMLDivElement>
}

/**
 * What needs an answer before moving on, listed at the top of the section (focused and announced
 * when the patient presses Continue); each entry moves focus to its question.
 */
export function ErrorSummary({ items, ref }: ErrorSummaryProps) {
  return (
    <div role="alert" className="intake-errors-region">
      {items.length > 0 ? (
        <div className="alert alert--error intake-errors" tabIndex={-1} ref={ref}>
          <p className="alert__title">
            {items.length === 1
              ? 'One answer needs your attention'
              : `${items.length} answers need your attention`}
          </p>
          <ul className="intake-errors__list">
            {items.map((item) => (
              <li key={item.key}>
                <Button variant="link" className="intake-errors__link" onPress={() => focusField(item.key)}>
                  {item.question} – {item.message}
                </Button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  )
}
