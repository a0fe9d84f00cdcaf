// Reminders through a real SMTP server on a fake clock: the right mails at the right times, saying
// only the date, time and zone, from the clinic's sender name, with no name, appointment type or
// specialty anywhere in headers or body; cancelled and moved appointments send nothing stale.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { parseMessage } from '../../platform/mail/smtp-test-server.ts'
import { createAccount, signIn } from '../../testing/accounts.ts'
import { fhirCaller } from '../../testing/fhir-calls.ts'
import { TIME_ZONE_EXTENSION } from './reminder-delivery.ts'
import { REMINDER_QUEUE } from './reminder-service.ts'
import {
  book,
  CANARY_TERMS,
  configure,
  reminderClinic,
  reminderRows,
  runJobs,
  type ReminderClinic,
} from './reminder-test-kit.ts'

const HOUR = 3_600_000
// The fake clock starts at 2026-03-02T09:00Z; the appointment is the next day at 10:00 London time.
const START = new Date('2026-03-03T10:00:00Z')

function assertNoCanaries(clinic: ReminderClinic): void {
  for (const mail of clinic.smtp.received) {
    const { headers, body } = parseMessage(mail.raw)
    const everything = `${mail.raw}\n${[...headers.values()].join('\n')}\n${body}`.toLowerCase()
    for (const term of CANARY_TERMS) {
      assert.ok(!everything.includes(term.toLowerCase()), `"${term}" appears in a reminder`)
    }
  }
}

test('email reminders arrive 24 h and 1 h before, with only the date, time and zone', async () => {
  const clinic = await reminderClinic()
  try {
    const { t, smtp, patient } = clinic
    await configure(t, { senderName: 'Northside Appointments' })
    const appt = await book(clinic, START)
    const rows = await reminderRows(t, appt.id)
    assert.deepEqual(
      rows.map((r) => [r.channel, r.offset_minutes, r.status, r.due_at.toISOString()]),
      [
        ['email', 1440, 'scheduled', '2026-03-02T10:00:00.000Z'],
        ['email', 60, 'scheduled', '2026-03-03T09:00:00.000Z'],
      ],
    )

    await runJobs(t)
    assert.equal(smtp.received.length, 0, 'nothing is due yet')
    t.clock.set('2026-03-02T10:00:00Z')
    await runJobs(t)
    assert.equal(smtp.received.length, 1)
    t.clock.set('2026-03-03T08:59:00Z')
    await runJobs(t)
    assert.equal(smtp.received.length, 1)
    t.clock.set('2026-03-03T09:00:00Z')
    await runJobs(t)
    assert.equal(smtp.received.length, 2)
    t.clock.advance(48 * HOUR)
    await runJobs(t)
    assert.equal(smtp.received.length, 2, 'exactly two reminders')

    for (const mail of smtp.received) {
      assert.deepEqual(mail.rcptTo, [patient.email])
      const { headers, body } = parseMessage(mail.raw)
      assert.equal(headers.get('subject'), 'Appointment reminder')
      assert.match(headers.get('from') ?? '', /^"?Northside Appointments"? <noreply@clinic\.example>$/)
      assert.match(
        body,
        /^You have an appointment on 3 March at 10:00 \(Europe\/London\)\. Sign in to see details: http:\/\/localhost:3000\/sign-in\n/,
      )
    }
    assertNoCanaries(clinic)

    const after = await reminderRows(t, appt.id)
    assert.deepEqual(
      after.map((r) => [r.status, r.attempts, r.last_error, r.sent_at?.toISOString()]),
      [
        ['sent', 1, null, '2026-03-02T10:00:00.000Z'],
        ['sent', 1, null, '2026-03-03T09:00:00.000Z'],
      ],
    )
  } finally {
    await clinic.close()
  }
})

test("the time is written in the patient's own zone when their record has one, and named", async () => {
  const clinic = await reminderClinic()
  try {
    const { t, smtp, patient } = clinic
    const reception = await createAccount(t, { role: 'reception' })
    const fhir = fhirCaller(t, await signIn(t, reception))
    const current = await fhir('GET', `Patient/${patient.id}`)
    assert.equal(current.status, 200)
    const updated = await fhir('PUT', `Patient/${patient.id}`, {
      ...current.json,
      extension: [{ url: TIME_ZONE_EXTENSION, valueCode: 'America/New_York' }],
    })
    assert.equal(updated.status, 200, updated.body)
    await configure(t, { offsetsMinutes: [60] })
    await book(clinic, START)
    t.clock.set('2026-03-03T09:00:00Z')
    await runJobs(t)
    assert.equal(smtp.received.length, 1)
    assert.match(
      parseMessage(smtp.received[0]!.raw).body,
      /^You have an appointment on 3 March at 05:00 \(America\/New_York\)\./,
    )
    assertNoCanaries(clinic)
  } finally {
    await clinic.close()
  }
})

test('a cancelled appointment sends nothing: its reminders and jobs are cancelled with it', async () => {
  const clinic = await reminderClinic()
  try {
    const { t, smtp } = clinic
    const appt = await book(clinic, START)
    await t.ctx.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('appointment')
        .set({ status: 'cancelled', cancelled_at: t.clock.now(), cancelled_by: appt.patientId })
        .where('id', '=', appt.id)
        .execute()
      await t.ctx.reminders.cancelFor(tx, appt.id)
    })
    t.clock.advance(72 * HOUR)
    await runJobs(t)
    assert.equal(smtp.received.length, 0)
    assert.deepEqual(
      (await reminderRows(t, appt.id)).map((r) => r.status),
      ['cancelled', 'cancelled'],
    )
    const jobs = await t.ctx.db
      .selectFrom('job')
      .select('state')
      .where('queue', '=', REMINDER_QUEUE)
      .execute()
    assert.deepEqual(
      jobs.map((j) => j.state),
      ['cancelled', 'cancelled'],
    )
  } finally {
    await clinic.close()
  }
})

test('a booking that rolls back leaves no reminder and no job', async () => {
  const clinic = await reminderClinic()
  try {
    const { t } = clinic
    await assert.rejects(
      t.ctx.db.transaction().execute(async (tx) => {
        await t.ctx.reminders.scheduleFor(tx, {
          id: randomUUID(),
          startsAt: START,
          patientId: clinic.patient.id,
        })
      }),
      'the reminder row needs its appointment: the whole transaction fails',
    )
    assert.equal(
      (await t.ctx.db.selectFrom('job').select('id').where('queue', '=', REMINDER_QUEUE).execute()).length,
      0,
    )
  } finally {
    await clinic.close()
  }
})

test('a moved appointment is reminded at its new time; a cancellation that was missed sends nothing', async () => {
  const clinic = await reminderClinic()
  try {
    const { t, smtp } = clinic
    const appt = await book(clinic, START)
    // Sent the 24 h reminder for the old time, then moved two days later and to 14:30.
    t.clock.set('2026-03-02T10:00:00Z')
    await runJobs(t)
    assert.equal(smtp.received.length, 1)
    const moved = { ...appt, startsAt: new Date('2026-03-05T14:30:00Z') }
    await t.ctx.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('appointment')
        .set({ starts_at: moved.startsAt, ends_at: new Date(moved.startsAt.getTime() + 30 * 60_000) })
        .set({ blocked_until: new Date(moved.startsAt.getTime() + 30 * 60_000), version: 2 })
        .where('id', '=', appt.id)
        .execute()
      await t.ctx.reminders.rescheduleFor(tx, moved)
    })
    t.clock.set('2026-03-03T09:00:00Z') // the old 1 h reminder's time
    await runJobs(t)
    assert.equal(smtp.received.length, 1)
    t.clock.set('2026-03-04T14:30:00Z')
    await runJobs(t)
    t.clock.set('2026-03-05T13:30:00Z')
    await runJobs(t)
    assert.equal(smtp.received.length, 3)
    for (const mail of smtp.received.slice(1)) {
      assert.match(parseMessage(mail.raw).body, /on 5 March at 14:30 \(Europe\/London\)/)
    }

    // The booking code forgot to call cancelFor: the job re-reads the appointment and sends nothing.
    const other = await book(clinic, new Date('2026-03-07T10:00:00Z'))
    await t.ctx.db
      .updateTable('appointment')
      .set({ status: 'cancelled', cancelled_at: t.clock.now(), cancelled_by: other.patientId })
      .where('id', '=', other.id)
      .execute()
    t.clock.set('2026-03-08T00:00:00Z')
    await runJobs(t)
    assert.equal(smtp.received.length, 3)
    assert.deepEqual(
      (await reminderRows(t, other.id)).map((r) => [r.status, r.last_error]),
      [
        ['cancelled', 'appointment no longer booked'],
        ['cancelled', 'appointment no longer booked'],
      ],
    )
    assertNoCanaries(clinic)
  } finally {
    await clinic.close()
  }
})

test('a move committed while the old reminder is being sent leaves the new one scheduled', async () => {
  let onSend: (() => Promise<void>) | undefined
  const clinic = await reminderClinic({}, {}, (transport) => ({
    send: async (message) => {
      const result = await transport.send(message)
      const hook = onSend
      onSend = undefined
      await hook?.()
      return result
    },
  }))
  try {
    const { t, smtp } = clinic
    await configure(t, { offsetsMinutes: [1440] })
    const appt = await book(clinic, START)
    const moved = { ...appt, startsAt: new Date('2026-03-06T10:00:00Z') }
    onSend = () =>
      t.ctx.db.transaction().execute(async (tx) => {
        const endsAt = new Date(moved.startsAt.getTime() + 30 * 60_000)
        await tx
          .updateTable('appointment')
          .set({ starts_at: moved.startsAt, ends_at: endsAt, blocked_until: endsAt })
          .where('id', '=', appt.id)
          .execute()
        await t.ctx.reminders.rescheduleFor(tx, moved)
      })
    t.clock.set('2026-03-02T10:00:00Z')
    await runJobs(t)
    assert.equal(smtp.received.length, 1, 'the old reminder went out before the move')
    const [row] = await reminderRows(t, appt.id)
    assert.deepEqual(
      [row?.status, row?.due_at.toISOString(), row?.sent_at],
      ['scheduled', '2026-03-05T10:00:00.000Z', null],
      'the old job did not mark the moved reminder as sent',
    )
    t.clock.set('2026-03-05T10:00:00Z')
    await runJobs(t)
    assert.equal(smtp.received.length, 2)
    assert.match(parseMessage(smtp.received[1]!.raw).body, /on 6 March at 10:00 \(Europe\/London\)/)
  } finally {
    await clinic.close()
  }
})
