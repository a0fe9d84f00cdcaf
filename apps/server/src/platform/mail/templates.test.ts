import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  appointmentReminder,
  checkLink,
  factorChangeNotice,
  mfaCodeEmail,
  newMessageNotice,
  passwordResetEmail,
  staffInvitation,
  verificationEmail,
} from './templates.ts'
import { CANARIES, CANARY_WORDS, renderAllWithCanaries } from './template-canaries.ts'

const link = 'https://clinic.example/verify#t=3q2-7w_aQ9ZBXr6dbd0sR4Tf1nYk8UcG2mhLpVeJxoE'
const signInUrl = 'https://clinic.example/sign-in'
const at = new Date('2025-03-03T10:00:00Z')

void test('no template lets a name, appointment type or diagnosis through (S21)', () => {
  const rendered = renderAllWithCanaries()
  assert.equal(rendered.length, 13)
  for (const [name, mail] of rendered) {
    const everything = `${mail.subject}\n${mail.text}`.toLowerCase()
    for (const word of CANARY_WORDS)
      assert.ok(!everything.includes(word.toLowerCase()), `${name} contains ${word}`)
  }
})

void test('each template has its category, a one-line subject and plain text', () => {
  const categories = Object.fromEntries(renderAllWithCanaries().map(([name, mail]) => [name, mail.category]))
  assert.deepEqual(categories, {
    verification: 'verification',
    reset: 'reset',
    'factor added': 'factor-notice',
    'factor removed': 'factor-notice',
    invitation: 'invitation',
    'mfa code': 'mfa-code',
    'new message': 'notification',
    reminder: 'reminder',
    'account locked': 'alert',
    'break-glass alert': 'alert',
    'misuse alert': 'alert',
    'password changed': 'factor-notice',
    'registration attempt': 'alert',
  })
  for (const [name, mail] of renderAllWithCanaries()) {
    assert.ok(!/[\r\n]/.test(mail.subject), name)
    assert.ok(!/<[a-z]+[\s>]/i.test(mail.text), `${name} looks like HTML`)
    assert.ok(mail.text.endsWith('Replies to this address are not read.\n'), name)
  }
})

void test("the reminder says exactly what JOURNEYS.md step 6 says, in the patient's time zone", () => {
  const london = appointmentReminder({ at, timeZone: 'Europe/London', signInUrl })
  assert.equal(london.subject, 'Appointment reminder')
  assert.ok(london.text.startsWith('You have an appointment on 3 March at 10:00. Sign in to see details.\n'))
  const newYork = appointmentReminder({ at, timeZone: 'America/New_York', signInUrl })
  assert.ok(newYork.text.startsWith('You have an appointment on 3 March at 05:00. Sign in to see details.\n'))
  const lateEvening = appointmentReminder({
    at: new Date('2025-03-03T23:30:00Z'),
    timeZone: 'Asia/Tokyo',
    signInUrl,
  })
  assert.ok(lateEvening.text.startsWith('You have an appointment on 4 March at 08:30.'))
})

void test('the new-message notice says only that there is something to read', () => {
  const mail = newMessageNotice({ signInUrl })
  assert.equal(mail.subject, 'You have a new secure message')
  assert.equal(
    mail.text,
    'You have a new secure message. Sign in to read it.\nhttps://clinic.example/sign-in\n\nThis is an automated message. Replies to this address are not read.\n',
  )
})

void test('the MFA code is in the body, not the subject that lock screens show', () => {
  const mail = mfaCodeEmail({ code: '042917' })
  assert.ok(mail.text.includes('042917'))
  assert.ok(!mail.subject.includes('042917'))
  assert.ok(mail.text.includes('10 minutes'))
  for (const bad of ['42917', '0429170', 'Quenby', '04291a'])
    assert.throws(() => mfaCodeEmail({ code: bad }), RangeError)
})

void test('factor notices name the method and when, with the zone', () => {
  const added = factorChangeNotice({ change: 'added', factor: 'passkey', at, timeZone: 'Europe/London' })
  assert.equal(added.subject, 'A sign-in method was added to your account')
  assert.ok(added.text.startsWith('A passkey was added to your account on 3 March at 10:00 GMT.'))
  const removed = factorChangeNotice({
    change: 'removed',
    factor: 'recovery-codes',
    at,
    timeZone: 'Europe/London',
  })
  assert.equal(removed.subject, 'A sign-in method was removed from your account')
})

void test('a free-text value in a date field is refused, not printed', () => {
  assert.throws(() => appointmentReminder({ at, timeZone: CANARIES.appointmentType, signInUrl }), RangeError)
  assert.throws(
    () => appointmentReminder({ at: new Date('not a date'), timeZone: 'Europe/London', signInUrl }),
    RangeError,
  )
})

void test('links must be https (http only on loopback) and carry no credentials', () => {
  assert.equal(checkLink('https://clinic.example/x#t=abc'), 'https://clinic.example/x#t=abc')
  assert.equal(checkLink('http://localhost:3000/x'), 'http://localhost:3000/x')
  for (const bad of [
    'http://clinic.example/x',
    'javascript:alert(1)',
    '/relative/path',
    'https://user:pass@clinic.example/x',
    'ftp://clinic.example/x',
    'Bartholomew Quenby',
  ]) {
    assert.throws(() => verificationEmail({ link: bad }), RangeError, bad)
  }
})

void test('expiry wording follows the parameters', () => {
  assert.ok(verificationEmail({ link, expiresInHours: 1 }).text.includes('expires in 1 hour.'))
  assert.ok(passwordResetEmail({ link, expiresInMinutes: 45 }).text.includes('expires in 45 minutes.'))
  assert.ok(staffInvitation({ link }).text.includes('expires in 72 hours.'))
  assert.throws(() => passwordResetEmail({ link, expiresInMinutes: 0 }), RangeError)
})
