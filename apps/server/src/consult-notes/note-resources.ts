// The consultation as FHIR R4: an Encounter per appointment (class VR, virtual) and the clinician's
// note as a Composition (LOINC 11488-4 "Consult note") linked to it. The note's words live only in
// `section.text.div` (and the amendment reason in `section.section.text.div`), which the store seals
// under the patient's key (PROTECTED_TEXT); nothing else in these resources is free text.
//   Composition.section[0]      the note (emptyReason "notstarted" while the draft is empty)
//   Composition.section[1..]    amendments: text, author, urn:tessera:amended-at, a "Reason" sub-section
//   Composition.attester        the legal attester once signed (status final, then amended)
import { createHash } from 'node:crypto'
import type { Composition, CompositionSection, Encounter, Practitioner, Reference } from '@medplum/fhirtypes'
import type { ConsultEncounterView, NoteAmendment, NoteStatus } from '@tessera/contracts'
import { ACCOUNT_SYSTEM } from '../vault/documents/document-resource.ts'

/** https://loinc.org/11488-4/ */
export const CONSULT_NOTE_TYPE = { system: 'http://loinc.org', code: '11488-4', display: 'Consult note' }
/** http://terminology.hl7.org/CodeSystem/v3-ActCode VR: "virtual" (R4 Encounter.class). */
export const VIRTUAL_CLASS = {
  system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  code: 'VR',
  display: 'virtual',
}
/** v3-ParticipationType PPRF: the primary performer. */
const PRIMARY_PERFORMER = {
  coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'PPRF' }],
}
/** http://terminology.hl7.org/CodeSystem/list-empty-reason */
const NOT_STARTED = {
  coding: [{ system: 'http://terminology.hl7.org/CodeSystem/list-empty-reason', code: 'notstarted' }],
}
export const AMENDED_AT_EXTENSION = 'urn:tessera:amended-at'
const NOTE_TITLE = 'Consultation note'
const AMENDMENT_TITLE = 'Amendment'
const REASON_TITLE = 'Reason for amendment'
const XHTML = 'http://www.w3.org/1999/xhtml'

// Name-based ids (RFC 9562 section 5.5, UUIDv5): the Encounter and the note of an appointment are
// found without a lookup table, and a second "first open" writes the same resource, never a twin.
const NAMESPACE = Buffer.from('5f0d7c1e2b9a4e3f8a61c0d4b7e2a913', 'hex')
function nameUuid(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name).digest()
  hash[6] = (hash[6]! & 0x0f) | 0x50
  hash[8] = (hash[8]! & 0x3f) | 0x80
  const hex = hash.subarray(0, 16).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
export const encounterIdFor = (appointmentId: string): string => nameUuid(`encounter:${appointmentId}`)
export const noteIdFor = (appointmentId: string): string => nameUuid(`consult-note:${appointmentId}`)

export interface Person {
  id: string
  displayName: string
}

// Staff are named by account, as appointments and documents name them (no Practitioner resource).
const personRef = (p: Person): Reference<Practitioner> => ({
  identifier: { system: ACCOUNT_SYSTEM, value: p.id },
  display: p.displayName,
})

// ---------- Encounter ----------

export function newEncounter(
  a: { appointmentId: string; patientId: string },
  clinician: Person,
  start: Date,
): Encounter {
  return {
    resourceType: 'Encounter',
    status: 'in-progress',
    class: VIRTUAL_CLASS,
    type: [{ text: 'Video consultation' }],
    subject: { reference: `Patient/${a.patientId}` },
    appointment: [{ reference: `Appointment/${a.appointmentId}` }],
    participant: [{ type: [PRIMARY_PERFORMER], individual: personRef(clinician) }],
    period: { start: start.toISOString() },
  }
}

export function finishedEncounter(e: Encounter, end: Date): Encounter {
  return { ...e, status: 'finished', period: { ...e.period, end: end.toISOString() } }
}

export function encounterView(id: string, e: Encounter): ConsultEncounterView {
  return {
    encounterId: id,
    status: e.status === 'finished' ? 'finished' : 'in-progress',
    start: e.period?.start ?? '',
    ...(e.period?.end ? { end: e.period.end } : {}),
  }
}

// ---------- Text as XHTML ----------

/** Characters XML 1.0 does not allow at all (the narrative must be well-formed XHTML). */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g

export function toDiv(text: string): string {
  const escaped = text.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  return `<div xmlns="${XHTML}"><pre>${escaped}</pre></div>`
}

const DIV = /^<div xmlns="http:\/\/www\.w3\.org\/1999\/xhtml"><pre>([\s\S]*)<\/pre><\/div>$/

/** The text of a div written by `toDiv` (anything else: empty, never markup passed through). */
export function fromDiv(div: string | undefined): string {
  const m = div === undefined ? null : DIV.exec(div)
  if (!m) return ''
  return m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
}

const textSection = (title: string, text: string): CompositionSection =>
  text.trim()
    ? { title, text: { status: 'additional', div: toDiv(text) } }
    : { title, emptyReason: NOT_STARTED }

// ---------- Composition ----------

export interface NoteFacts {
  patientId: string
  encounterId: string
  author: Person
  text: string
  at: Date
}

export function draftNote(f: NoteFacts): Composition {
  return {
    resourceType: 'Composition',
    status: 'preliminary',
    type: { coding: [CONSULT_NOTE_TYPE], text: CONSULT_NOTE_TYPE.display },
    subject: { reference: `Patient/${f.patientId}` },
    encounter: { reference: `Encounter/${f.encounterId}` },
    date: f.at.toISOString(),
    author: [personRef(f.author)],
    title: NOTE_TITLE,
    section: [textSection(NOTE_TITLE, f.text)],
  }
}

export function signedNote(c: Composition, signer: Person, at: Date): Composition {
  return {
    ...c,
    status: 'final',
    date: at.toISOString(),
    attester: [{ mode: 'legal', time: at.toISOString(), party: personRef(signer) }],
  }
}

export function amendedNote(
  c: Composition,
  author: Person,
  text: string,
  reason: string,
  at: Date,
): Composition {
  const amendment: CompositionSection = {
    extension: [{ url: AMENDED_AT_EXTENSION, valueDateTime: at.toISOString() }],
    title: AMENDMENT_TITLE,
    author: [personRef(author)],
    text: { status: 'additional', div: toDiv(text) },
    section: [{ title: REASON_TITLE, text: { status: 'additional', div: toDiv(reason) } }],
  }
  return { ...c, status: 'amended', date: at.toISOString(), section: [...(c.section ?? []), amendment] }
}

export function noteStatus(c: Composition | undefined): NoteStatus {
  switch (c?.status) {
    case undefined:
      return 'empty'
    case 'final':
      return 'signed'
    case 'amended':
      return 'amended'
    default:
      return 'draft'
  }
}

export function noteText(c: Composition): string {
  return fromDiv(c.section?.[0]?.text?.div)
}

export function amendmentsOf(c: Composition): NoteAmendment[] {
  return (c.section ?? []).slice(1).map((s) => ({
    text: fromDiv(s.text?.div),
    reason: fromDiv(s.section?.[0]?.text?.div),
    at: s.extension?.find((e) => e.url === AMENDED_AT_EXTENSION)?.valueDateTime ?? '',
    authorName: s.author?.[0]?.display ?? '',
  }))
}
