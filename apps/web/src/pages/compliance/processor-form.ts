// The processor form's values: read from the form, and the server's 400s in plain words per field.
import type { ProcessorBody } from '@tessera/contracts'
import { formText } from '../../lib/form-values.ts'
import type { SubmitErrors } from '../../lib/submit-errors.ts'

/** Comma- or line-separated entries, trimmed, empty ones dropped. */
export function splitList(text: string, separator: RegExp = /[,\n]/): string[] {
  return text
    .split(separator)
    .map((s) => s.trim())
    .filter((s) => s !== '')
}

export function processorBodyFrom(form: HTMLFormElement, agreementSigned: boolean): ProcessorBody {
  const data = new FormData(form)
  const expires = formText(data, 'agreementExpiresOn').trim()
  return {
    name: formText(data, 'name').trim(),
    purpose: formText(data, 'purpose').trim(),
    dataCategories: splitList(formText(data, 'dataCategories')),
    region: formText(data, 'region').trim(),
    agreementSigned,
    ...(expires ? { agreementExpiresOn: expires } : {}),
    // Hosts: separated by commas, spaces or new lines.
    hosts: splitList(formText(data, 'hosts'), /[,\s]+/),
  }
}

const PLAIN: Record<string, string> = {
  hosts:
    'Each host is a name like smtp.example.org, an IP address, or *.example.org for every name under it: no https://, port or path.',
  agreementExpiresOn: 'Enter the date the agreement ends as a date (YYYY-MM-DD).',
  dataCategories: 'Each category is at most 100 characters, at most 20 of them.',
}

/**
 * The server names the field (`body/hosts/1`) and the rule it broke (`must match pattern …`); the
 * rule is for developers, so a broken pattern or format is reworded for the admin, naming the entry.
 */
export function plainFieldErrors(errors: SubmitErrors, hosts: readonly string[]): SubmitErrors {
  const fields: Record<string, string[]> = {}
  for (const [name, messages] of Object.entries(errors.fields)) {
    const technical = messages.some((m) => /pattern|format|must (NOT )?have/i.test(m))
    const plain = PLAIN[name]
    fields[name] = technical && plain ? [plain] : messages
  }
  if (fields.hosts && hosts.length > 0) {
    const bad = hosts.filter((h) => !/^(\*\.)?[A-Za-z0-9]([A-Za-z0-9.:-]*[A-Za-z0-9])?$/.test(h))
    if (bad.length > 0) fields.hosts = [`Not a host: ${bad.join(', ')}. ${fields.hosts.join(' ')}`]
  }
  const hasFields = Object.keys(fields).length > 0
  return { message: hasFields ? 'Check the fields marked below.' : errors.message, fields }
}
