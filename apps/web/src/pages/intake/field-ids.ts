// DOM ids of the form's fields, from their keys: the error summary's links move focus to them.
export function fieldDomId(key: string): string {
  return `q-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`
}

/** Moves focus to the field (or the first control inside a fieldset) and brings it into view. */
export function focusField(key: string): void {
  const target = document.getElementById(fieldDomId(key))
  if (!target) return
  const control = target.matches('input, select, textarea, button')
    ? target
    : target.querySelector<HTMLElement>('input:not([type="hidden"]), select, textarea, button')
  ;(control ?? target).focus()
  target.scrollIntoView({ block: 'center' })
}
