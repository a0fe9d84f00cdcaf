// README.txt at the top of the export: what is in the archive, in plain words, and what could not
// be included and why. It names the patient's own documents (this file is only ever theirs).
import type { DocumentCategory } from '@tessera/contracts'

export interface ReadmeDocument {
  path: string
  title: string
  category: DocumentCategory
  uploadedAt: Date
  size: number
}

export type SkipReason = 'erased' | 'missing' | 'damaged'

export interface ReadmeSkipped {
  title: string
  uploadedAt: Date
  why: SkipReason
}

export interface ReadmeFacts {
  now: Date
  timeZone: string
  resources: number
  documents: ReadmeDocument[]
  skipped: ReadmeSkipped[]
  /** Documents beyond the most an export holds (the newest are included). */
  notListed: number
}

const CATEGORY_WORDS: Record<DocumentCategory, string> = {
  identity: 'ID',
  'summary-of-care': 'Summary of care',
  letter: 'Letter',
  prescription: 'Prescription',
  other: 'Other document',
}

const SKIP_WORDS: Record<SkipReason, string> = {
  erased: 'it was erased at your or the clinic’s request and can no longer be read',
  missing: 'its stored file is missing; the clinic has been alerted',
  damaged: 'its stored file failed its integrity check; the clinic has been alerted',
}

// A title is display text; a line break or bidi control in it must not shape this file.
function plain(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, ' ').trim()
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

export function readmeText(facts: ReadmeFacts): string {
  const day = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: facts.timeZone })
  const at = new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: facts.timeZone,
    timeZoneName: 'short',
  })
  const lines = [
    'YOUR DATA FROM THE CLINIC',
    '',
    `Downloaded on ${at.format(facts.now)}.`,
    '',
    'Keep this file safe. It is not encrypted: anyone who has it can read your health',
    'information. The copy kept by the clinic stays encrypted on the clinic’s own servers.',
    '',
    'WHAT IS IN THIS FILE',
    '',
    `record.fhir.json`,
    `  Your health record: your details, appointments, consultation notes, questionnaire`,
    `  answers, prescriptions, consents, messages and results (${facts.resources} entries).`,
    '  It is a FHIR R4 Bundle, the format other health systems and apps can read.',
    '',
  ]
  if (facts.documents.length === 0) {
    lines.push('documents/', '  You have no documents stored at the clinic.', '')
  } else {
    lines.push(`documents/ (${facts.documents.length})`, '  Documents you and your clinicians uploaded:')
    for (const d of facts.documents) {
      lines.push(
        `  - ${d.path}`,
        `    ${CATEGORY_WORDS[d.category]}, uploaded ${day.format(d.uploadedAt)}, ${size(d.size)}` +
          (plain(d.title) !== d.path.slice('documents/'.length) ? `. Original name: ${plain(d.title)}` : ''),
      )
    }
    lines.push('')
  }
  if (facts.skipped.length > 0 || facts.notListed > 0) {
    lines.push('NOT INCLUDED', '')
    for (const s of facts.skipped) {
      lines.push(`  - ${plain(s.title)} (uploaded ${day.format(s.uploadedAt)}): ${SKIP_WORDS[s.why]}.`)
    }
    if (facts.notListed > 0) {
      lines.push(
        `  - ${facts.notListed} older documents: ask the clinic for them (too many for one download).`,
      )
    }
    lines.push('')
  }
  lines.push(
    'Who looked at your record and why is on the Privacy page in the patient portal.',
    'This download is recorded there too.',
    '',
  )
  // CRLF so the file reads well in Windows Notepad as well as everywhere else.
  return lines.join('\r\n')
}
