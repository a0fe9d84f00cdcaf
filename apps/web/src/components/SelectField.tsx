import { useId, type ChangeEvent } from 'react'

export interface SelectOption {
  value: string
  label: string
}

export interface SelectFieldProps {
  label: string
  name: string
  value: string
  options: readonly SelectOption[]
  onChange: (value: string) => void
  description?: string
  isDisabled?: boolean
}

/**
 * A native <select>: the phone's own picker, full keyboard and screen-reader support, and nothing
 * to position. Styled like our text inputs.
 */
export function SelectField({
  label,
  name,
  value,
  options,
  onChange,
  description,
  isDisabled,
}: SelectFieldProps) {
  const id = useId()
  const descriptionId = `${id}-description`
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {description ? (
        <p className="field__description" id={descriptionId}>
          {description}
        </p>
      ) : null}
      <select
        id={id}
        name={name}
        className="field__input field__select"
        value={value}
        disabled={isDisabled}
        aria-describedby={description ? descriptionId : undefined}
        onChange={(event: ChangeEvent<HTMLSelectElement>) => onChange(event.target.value)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  )
}
