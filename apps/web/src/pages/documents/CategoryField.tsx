import type { DocumentCategory } from '@tessera/contracts'
import { useId, type Ref } from 'react'
import { CATEGORY_WORDS, isCategory } from './document-words.ts'

export interface CategoryFieldProps {
  value: DocumentCategory | ''
  onChange: (value: DocumentCategory | '') => void
  error: string | null
  ref?: Ref<HTMLSelectElement>
}

const OPTIONS = Object.entries(CATEGORY_WORDS) as [DocumentCategory, string][]

/** "What is it?": a native select (the phone's own picker), with its error linked for screen readers. */
export function CategoryField({ value, onChange, error, ref }: CategoryFieldProps) {
  const id = useId()
  const errorId = `${id}-error`
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        What is it?
      </label>
      <select
        id={id}
        ref={ref}
        name="category"
        className="field__input field__select"
        value={value}
        required
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        {...(error ? { 'data-invalid': '' } : {})}
        onChange={(event) => {
          const next = event.target.value
          onChange(isCategory(next) ? next : '')
        }}
      >
        <option value="">Choose one…</option>
        {OPTIONS.map(([category, label]) => (
          <option key={category} value={category}>
            {label}
          </option>
        ))}
      </select>
      {error ? (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  )
}
