export interface FieldMessageProps {
  id: string
  message: string | undefined
}

/** The error under a field, referenced by the field's aria-describedby. */
export function FieldMessage({ id, message }: FieldMessageProps) {
  if (!message) return null
  return (
    <p className="field__error q-error" id={id}>
      {message}
    </p>
  )
}
