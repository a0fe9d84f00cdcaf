// The clinic's side before the consultation, and the booking: reception puts Dr Okafor on the new
// patient's care team (API: the app has no screen for it), he verifies her summary of care
// (documents.test.ts), she books a video appointment two days ahead on her phone (booking.test.ts),
// and the day-before reminder reaches the real SMTP server when the test clock says so
// (reminders.test.ts).
import assert from 'node:assert/strict'
import { DESKTOP, PHONE, type WatchedPage } from '../harness.ts'
import { pageApi } from '../seeded.ts'
import { explain, LONG, openWatched, shot, staff, staffPage, type Journey } from './journey.ts'
import { patientPage, SUMMARY_FILE } from './patient-steps.ts'

const OKAFOR = 'dr.okafor@clinic.example'
const LONDON = 'Europe/London'

export async function clinicianVerifiesDocument(j: Journey): Promise<void> {
  // No UI assigns a care team (only booking does, and verifying comes first here): reception's API.
  const reception = await staffPage(j, 'reception@clinic.example', DESKTOP)
  const assign = await pageApi(reception.page, 'POST', '/api/care-team', {
    patientId: j.patient.id,
    clinicianId: staff(j, OKAFOR).id,
  })
  assert.equal(assign.status, 200, JSON.stringify(assign.body))
  await reception.context.close()

  const desk = await staffPage(j, OKAFOR, DESKTOP)
  const { page } = desk
  try {
    await page.goto(`${j.clinic.url}/clinician/documents`)
    await page.getByRole('heading', { name: 'Documents', level: 1 }).waitFor(LONG)
    await page.getByLabel('Patient', { exact: true }).selectOption(j.patient.id)
    const list = page.getByRole('list', { name: 'Uploaded documents' })
    await list.getByRole('listitem').filter({ hasText: SUMMARY_FILE }).waitFor(LONG)
    await page.getByRole('button', { name: `Open ${SUMMARY_FILE}` }).click()
    await page.getByRole('img', { name: `${SUMMARY_FILE}, page 1 of 1` }).waitFor(LONG)
    await page.getByRole('button', { name: 'Verify' }).click()
    await page.getByText(`“${SUMMARY_FILE}” is verified. The patient can see that.`).waitFor(LONG)
    await shot(j, desk, 'clinician-verified-document')
  } finally {
    await desk.context.close()
  }
}

async function inLondon(w: WatchedPage): Promise<void> {
  const cdp = await w.context.newCDPSession(w.page)
  await cdp.send('Emulation.setTimezoneOverride', { timezoneId: LONDON })
  await cdp.send('Emulation.setLocaleOverride', { locale: 'en-GB' })
}

const fmt = (iso: string, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, ...options }).format(new Date(iso))

/** She books Dr Okafor's first free video time more than two days ahead (both reminders to come). */
export async function bookAppointment(j: Journey): Promise<void> {
  const phone = await patientPage(j)
  const { page } = phone
  try {
    await inLondon(phone)
    const types = await pageApi(page, 'GET', '/api/scheduling/types')
    const initial = (types.body['types'] as Array<{ id: string; name: string }>).find(
      (t) => t.name === 'Initial consultation',
    )
    assert.ok(initial, 'the demo clinic has initial consultations')
    const okafor = staff(j, OKAFOR)
    const slots = await pageApi(
      page,
      'GET',
      `/api/scheduling/slots?typeId=${initial.id}&clinicianId=${okafor.id}&limit=200`,
    )
    const wanted = (slots.body['slots'] as Array<{ start: string }>).find(
      (s) => Date.parse(s.start) > j.clinic.serverNow() + 2 * 86_400_000,
    )
    assert.ok(wanted, 'a free time two days ahead')

    await page.goto(`${j.clinic.url}/patient/appointments`)
    await page.getByRole('button', { name: 'Book an appointment' }).click()
    await page.getByLabel(/^Initial consultation/).check()
    const who = page.getByLabel('Who with?')
    if ((await who.count()) > 0) await who.selectOption({ label: okafor.displayName })
    await page.getByRole('button', { name: 'Choose another day' }).click()
    const days = page.getByRole('radiogroup', { name: 'Days this week' })
    const day = days.getByRole('radio', {
      name: new RegExp(`^\\w+ ${fmt(wanted.start, { day: 'numeric', month: 'long' })}\\b`),
    })
    // The week's days arrive after the page: give each week time to show the day before paging on
    // (counting at once read 0 while the days were loading and paged past the wanted week).
    const shown = () =>
      day.waitFor({ timeout: 10_000 }).then(
        () => true,
        () => false,
      )
    for (let week = 0; week < 3 && !(await shown()); week++)
      await page.getByRole('button', { name: 'Later week' }).click()
    await day.click()
    const clock = fmt(wanted.start, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    await page.locator('.day-picker__slots').getByRole('button', { name: clock }).first().click()
    await page.getByRole('heading', { level: 2, name: 'Book this appointment?' }).waitFor(LONG)
    await shot(j, phone, 'book-confirm')
    await page.getByRole('button', { name: 'Book this time' }).click()
    await explain(j, phone, 'the booking', () =>
      page.getByRole('heading', { level: 2, name: 'You are booked' }).waitFor(LONG),
    )
    await shot(j, phone, 'booked')
    const mine = await pageApi(page, 'GET', '/api/appointments')
    const booked = (mine.body['appointments'] as Array<{ id: string; start: string; status: string }>).find(
      (a) => a.status === 'booked',
    )
    assert.ok(booked, 'the appointment exists')
    assert.equal(booked.start, wanted.start, 'at the time she picked')
    j.appointment = { id: booked.id, start: Date.parse(booked.start) }
  } finally {
    await phone.context.close()
  }
}

/** The clock moves to a day before: one reminder, no clinical words, "sign in". */
export async function reminderArrives(j: Journey): Promise<void> {
  assert.ok(j.appointment)
  const reminders = () =>
    j.clinic.mailbox.to(j.patient.email).filter((m) => /Appointment reminder/i.test(m.subject))
  assert.equal(reminders().length, 0, 'nothing before its time')
  await j.clinic.setServerClock(j.appointment.start - 24 * 3_600_000 + 20_000)
  const mail = await j.clinic.mailbox.waitFor(j.patient.email, /Appointment reminder/i, 30_000)
  assert.match(mail.body, /[Ss]ign in/)
  const time = fmt(new Date(j.appointment.start).toISOString(), {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
  assert.ok(mail.body.includes(time), `the reminder names the time ${time}`)
  for (const word of ['Varga', 'Okafor', 'consultation', 'cannabis'])
    assert.ok(!mail.raw.includes(word), `"${word}" is not in the reminder`)
  // The email as the patient's mail app would show it (a local page: no request is made).
  const viewer = await openWatched(j, PHONE)
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;')
  await viewer.page.setContent(
    `<main style="font:16px sans-serif;padding:12px"><p><b>${escape(mail.subject)}</b></p><pre style="white-space:pre-wrap">${escape(mail.body)}</pre></main>`,
  )
  await shot(j, viewer, 'reminder-email')
  await viewer.context.close()
  assert.equal(reminders().length, 1, 'one reminder so far')
}
