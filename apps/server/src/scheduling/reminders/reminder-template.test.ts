// Rendering (date, time and zone in the reader's zone; nothing but the four placeholders filled in)
// and the editor's warnings about personal and clinical data.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { CANARIES } from '../../platform/mail/template-canaries.ts'
import { contactOf, TIME_ZONE_EXTENSION } from './reminder-delivery.ts'
import { settingsProblems } from './reminder-settings.ts'
import {
  defaultReminderSettings,
  fieldWarnings,
  renderEmailReminder,
  renderSmsReminder,
  renderTemplate,
  settingsWarnings,
  unknownPlaceholders,
} from './reminder-template.ts'

const LINK = 'https://clinic.example/sign-in'
const defaults = defaultReminderSettings('Riverside Health')

test('the default email says the date, time and zone and asks to sign in, nothing else', () => {
  const mail = renderEmailReminder(defaults, {
    at: new Date('2026-03-03T10:00:00Z'),
    timeZone: 'Europe/London',
    link: LINK,
  })
  assert.deepEqual(mail, {
    fromName: 'Riverside Health',
    subject: 'Appointment reminder',
    text:
      'You have an appointment on 3 March at 10:00 (Europe/London). Sign in to see details: https://clinic.example/sign-in\n\n' +
      'This is an automated message. Replies to this address are not read.\n',
  })
})

test("times are in the reader's zone, across daylight-saving changes", () => {
  const render = (at: string, timeZone: string) =>
    renderTemplate('{date} {time} {timeZone}', { at: new Date(at), timeZone, link: LINK })
  assert.equal(render('2026-03-03T10:00:00Z', 'America/New_York'), '3 March 05:00 America/New_York')
  assert.equal(render('2026-03-30T09:00:00Z', 'Europe/London'), '30 March 10:00 Europe/London')
  assert.equal(render('2026-10-26T09:00:00Z', 'Europe/London'), '26 October 09:00 Europe/London')
  assert.equal(render('2026-03-03T23:30:00Z', 'Asia/Tokyo'), '4 March 08:30 Asia/Tokyo')
})

test('only the four placeholders are filled in; anything else smuggled into the values is ignored', () => {
  const values = { ...CANARIES, at: new Date('2026-03-03T10:00:00Z'), timeZone: 'Europe/London', link: LINK }
  const text = renderTemplate('{patientName} {clinicianName} {appointmentType} {date} {link}', values)
  assert.equal(text, '{patientName} {clinicianName} {appointmentType} 3 March https://clinic.example/sign-in')
  for (const canary of Object.values(CANARIES)) assert.ok(!text.includes(canary))
  assert.deepEqual(unknownPlaceholders('{date} {name} {Date} {name} {}'), ['name', 'Date', ''])
  assert.throws(() => renderTemplate('{link}', { ...values, link: 'http://clinic.example/x' }), RangeError)
  const sms = renderSmsReminder(defaults, values)
  assert.equal(
    sms,
    'Appointment on 3 March at 10:00 (Europe/London). Sign in to see details: https://clinic.example/sign-in',
  )
})

test('the defaults raise no warning and no problem', () => {
  assert.deepEqual(settingsWarnings(defaults), [])
  assert.deepEqual(settingsProblems(defaults), [])
})

test('warnings: names, titles, contact details and specialty words', () => {
  const flagged = (text: string) => fieldWarnings('emailText', text).map((w) => w.message)
  assert.equal(flagged('See Dr Smith on {date}').length, 1)
  assert.match(flagged('Nurse Jones will call')[0] ?? '', /title/)
  assert.match(flagged('Write to jo@clinic.example')[0] ?? '', /email address/)
  assert.match(flagged('Call +44 20 7946 0958')[0] ?? '', /phone number/)
  assert.match(flagged('Hello {firstName}')[0] ?? '', /not a placeholder/)
  for (const word of [
    'cannabis',
    'Psychiatry',
    'mental  health',
    'ONCOLOGY',
    'HIV',
    'sexual health',
    'fertility',
  ]) {
    assert.match(flagged(`Your ${word} appointment`)[0] ?? '', /can reveal why/, word)
  }
  for (const word of ['abortion', 'addiction', 'therapy', 'prescription']) {
    assert.equal(flagged(`About your ${word}.`).length, 1, word)
  }
  // Whole words only, and ordinary reminder wording is left alone.
  for (const text of [
    'Drive safely: your appointment is on {date} at {time} ({timeZone}).',
    'Therapyx and hivemind are not words we flag.',
    'Sign in to see details: {link}',
  ]) {
    assert.deepEqual(flagged(text), [], text)
  }
  const sender = fieldWarnings('senderName', 'Harbourside Fertility Centre {date}').map((w) => w.message)
  assert.equal(sender.length, 2)
})

test('problems: unknown placeholders name the field; header fields stay one line', () => {
  assert.deepEqual(
    settingsProblems({ ...defaults, smsText: '{date} {who}', emailSubject: 'Reminder\nBcc: x@y.z' }).map(
      (p) => p.path,
    ),
    ['body/smsText', 'body/emailSubject'],
  )
  assert.deepEqual(
    settingsProblems({ ...defaults, senderName: 'Clinic <x@y.z>' }).map((p) => p.path),
    ['body/senderName'],
  )
})

test("the patient's mobile and zone come from their FHIR record, if valid", () => {
  assert.deepEqual(contactOf(undefined), { mobile: null, timeZone: null })
  assert.deepEqual(
    contactOf({
      resourceType: 'Patient',
      telecom: [
        { system: 'email', value: 'a@b.example' },
        { system: 'phone', use: 'home', value: '+44 20 7946 0958' },
        { system: 'phone', use: 'mobile', value: '07700 900123' },
        { system: 'sms', value: '+44 (0)7700-900456', rank: 2 },
        { system: 'phone', use: 'mobile', value: '0044 7700 900789', rank: 1 },
      ],
      extension: [{ url: TIME_ZONE_EXTENSION, valueCode: 'Mars/Olympus_Mons' }],
    }),
    { mobile: '+447700900789', timeZone: null },
  )
  assert.equal(
    contactOf({ resourceType: 'Patient', telecom: [{ system: 'sms', value: '+44 (0)7700-900456' }] }).mobile,
    '+447700900456',
  )
  assert.equal(
    contactOf({ resourceType: 'Patient', extension: [{ url: TIME_ZONE_EXTENSION, valueCode: 'Asia/Tokyo' }] })
      .timeZone,
    'Asia/Tokyo',
  )
})
