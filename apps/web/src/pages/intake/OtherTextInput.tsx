import { useId, useState } from 'react'

export interface OtherTextInputProps {
  label: string
  value: string
  maxLength: number | undefined
  readOnly: boolean
  onChange: (text: string) => void
}

/** The free-text answer of an open-choice item (what the person typed is kept as typed). */
export function OtherTextInput({ label, value, maxLength, readOnly, onChange }: OtherTextInputProps) {
  const id = useId()
  const [text, setText] = useState(value)
  return (
    <div className="q-other">
      <label className="q-other__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="field__input"
        type="text"
        value={text}
        readOnly={readOnly}
        autoComplete="off"
        {...(maxLength ? { maxLength } : {})}
        onChange={(event) => {
          setText(event.currentTarget.value)
          onChange(event.currentTarget.value)
        }}
      />
    </div>
  )
}
