// S24: a reminder that cannot be delivered is retried, then 'failed' and listed for reception, who
// acknowledge it; SMS without a number on file is recorded as skipped, never dropped in silence.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { ReminderFailureList } from '@tessera/contracts'
import { createAccount, signIn, someAddress } from '../../testing/accounts.ts'
import { fhirCaller } from '../../testing/fhir-calls.ts'
import type { TestApp } from '../../testing/test-app.ts'
import { REMINDER_MAX_ATTEMPTS } from './reminder-service.ts'
import {
  book,
  configure,
  REMINDER_CANARIES,
  reminderClinic,
  reminderRows,
  runJobs,
} from './reminder-test-kit.ts'

const START = new Date('2026-03-03T10:00:00Z')

async function call(t: TestApp, cookie: string, method: 'GET' | 'POST', url: string) {
  return t.app.inject({ method, url, remoteAddress: someAddress(), headers: { ...t.browserHeaders, cookie } })
}

test('a relay that keeps refusing: retries with backoff, then failed, shown to reception until acknowledged', async () => {
  const clinic = await reminderClinic({ rcpt: () => 451 })
  try {
    const { t, smtp, patient } = clinic
    const receptionist = await createAccount(t, { role: 'reception' })
    await configure(t, { offsetsMinutes: [60] })
    const appt = await book(clinic, START)

    t.clock.set('2026-03-03T09:00:00Z')
    await runJobs(t)
    let [row] = await reminderRows(t, appt.id)
    assert.equal(row?.status, 'scheduled', 'a transient refusal is retried')
    assert.equal(row?.attempts, 1)
    assert.match(row?.last_error ?? '', /^SMTP 451\b/)
    assert.ok(!row?.last_error?.includes(patient.email), 'the error names no recipient')

    // Signed in now: the fake clock has moved past any earlier session's idle timeout.
    let reception = await signIn(t, receptionist)
    const empty = await call(t, reception, 'GET', '/api/reception/reminder-failures')
    assert.deepEqual(empty.json(), { failures: [] }, 'not shown while it is still being retried')

    await runJobs(t)
    assert.equal((await reminderRows(t, appt.id))[0]?.attempts, 1, 'the retry waits for its backoff')
    for (let i = 0; i < 10; i++) {
      t.clock.advance(5 * 60_000)
      await runJobs(t)
    }
    ;[row] = await reminderRows(t, appt.id)
    assert.equal(row?.status, 'failed')
    assert.equal(row?.attempts, REMINDER_MAX_ATTEMPTS)
    assert.equal(smtp.received.length, 0)

    reception = await signIn(t, receptionist)
    const patientCookie = await signIn(t, patient)
    const listed = await call(t, reception, 'GET', '/api/reception/reminder-failures')
    assert.equal(listed.statusCode, 200)
    const { failures } = listed.json<ReminderFailureList>()
    assert.equal(failures.length, 1)
    assert.deepEqual(
      { ...failures[0], error: failures[0]?.error.slice(0, 8), failedAt: undefined },
      {
        id: row?.id,
        appointmentId: appt.id,
        patientId: patient.id,
        patientName: REMINDER_CANARIES.patientName,
        appointmentStart: START.toISOString(),
        channel: 'email',
        attempts: REMINDER_MAX_ATTEMPTS,
        error: 'SMTP 451',
        failedAt: undefined,
      },
    )

    assert.equal((await call(t, patientCookie, 'GET', '/api/reception/reminder-failures')).statusCode, 403)
    const ackUrl = `/api/reception/reminder-failures/${row?.id}/acknowledge`
    assert.equal((await call(t, patientCookie, 'POST', ackUrl)).statusCode, 403)
    assert.equal((await call(t, reception, 'POST', ackUrl)).statusCode, 200)
    assert.deepEqual((await call(t, reception, 'GET', '/api/reception/reminder-failures')).json(), {
      failures: [],
    })
    assert.equal((await call(t, reception, 'POST', ackUrl)).statusCode, 404, 'nothing left to acknowledge')

    const events = await t.ctx.db
      .selectFrom('audit_event')
      .select(['action', 'outcome'])
      .where('patient_id', '=', patient.id)
      .where('action', 'like', 'reminders.%')
      .orderBy('id')
      .execute()
    assert.deepEqual(
      events.map((e) => `${e.action} ${e.outcome}`),
      ['reminders.failures-read success', 'reminders.failure-acknowledge success'],
    )
  } finally {
    await clinic.close()
  }
})

test('a permanent refusal fails at once, without retries', async () => {
  const clinic = await reminderClinic({ rcpt: () => 550 })
  try {
    const { t } = clinic
    await configure(t, { offsetsMinutes: [60] })
    const appt = await book(clinic, START)
    t.clock.set('2026-03-03T09:00:00Z')
    await runJobs(t)
    const [row] = await reminderRows(t, appt.id)
    assert.deepEqual([row?.status, row?.attempts], ['failed', 1])
    assert.match(row?.last_error ?? '', /^SMTP 550\b/)
  } finally {
    await clinic.close()
  }
})

test('SMS through the logging transport: skipped without a mobile number, sent with one, text never logged', async () => {
  const clinic = await reminderClinic({}, { config: { smsTransport: 'log' } })
  try {
    const { t, smtp, patient } = clinic
    await configure(t, { offsetsMinutes: [60], smsEnabled: true })
    const first = await book(clinic, START)
    t.clock.set('2026-03-03T09:00:00Z')
    await runJobs(t)
    assert.deepEqual(
      (await reminderRows(t, first.id)).map((r) => [r.channel, r.status, r.last_error]),
      [
        ['email', 'sent', null],
        ['sms', 'skipped', 'no mobile number on file'],
      ],
    )

    const reception = await createAccount(t, { role: 'reception' })
    const fhir = fhirCaller(t, await signIn(t, reception))
    const current = await fhir('GET', `Patient/${patient.id}`)
    const telecom = [...((current.json['telecom'] as unknown[]) ?? [])]
    telecom.push({ system: 'phone', use: 'mobile', value: '+44 7700 900123' })
    assert.equal((await fhir('PUT', `Patient/${patient.id}`, { ...current.json, telecom })).status, 200)
    const second = await book(clinic, new Date('2026-03-04T10:00:00Z'))
    t.clock.set('2026-03-04T09:00:00Z')
    await runJobs(t)
    assert.deepEqual(
      (await reminderRows(t, second.id)).map((r) => [r.channel, r.status]),
      [
        ['email', 'sent'],
        ['sms', 'sent'],
      ],
    )
    assert.equal(smtp.received.length, 2)
    const smsLines = t.logs.lines.filter((l) => l.includes('sms sent'))
    assert.equal(smsLines.length, 1)
    assert.match(smsLines[0]!, /"toEnding":"23"/)
    const logs = t.logs.text()
    for (const leak of [
      '447700900123',
      '7700 900123',
      'localhost:3000/sign-in',
      'appointment on',
      REMINDER_CANARIES.patientName,
    ]) {
      assert.ok(!logs.includes(leak), `the logs contain ${leak}`)
    }
  } finally {
    await clinic.close()
  }
})

test('with SMS enabled but no SMS transport configured, only email reminders are scheduled', async () => {
  const clinic = await reminderClinic()
  try {
    const { t } = clinic
    await configure(t, { smsEnabled: true })
    const appt = await book(clinic, START)
    assert.deepEqual(
      (await reminderRows(t, appt.id)).map((r) => r.channel),
      ['email', 'email'],
    )
  } finally {
    await clinic.close()
  }
})
