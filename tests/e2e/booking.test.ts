// Booking end to end, against the real `tessera start` on a seeded demo clinic. Maria, on a 360 px
// phone in New York, books Dr Okafor's soonest free time (his week is in London time), gets the
// calendar file (the time, nothing clinical), then moves the appointment to another day; the new
// time she picked is taken by Tom a moment before she confirms, so she gets "just taken" and the
// next free times, and takes one. Dr Okafor, at 1280 px in London, finds her on his day list with
// the readiness ticks. axe-core finds no serious violation on any screen.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { assertClean, checkPage as checkAnyPage, DemoPeople } from './demo-people.ts'
import { DESKTOP, launchBrowser, openPage, PHONE, type RunningTessera, type WatchedPage } from './harness.ts'
import { pageApi, startSeededTessera } from './seeded.ts'

let server: RunningTessera
let browser: Browser
let people: DemoPeople

before(async () => {
  const seeded = await startSeededTessera()
  server = seeded.server
  people = new DemoPeople(seeded.users, () => server.url)
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

const user = (email: string) => people.user(email)
const LOCALE = 'en-GB'
const checkPage = (watched: WatchedPage, name: string) => checkAnyPage(watched, `booking-${name}`)

/** The browser's time zone and language (Chromium, through the DevTools protocol), so the test
 * knows what the page shows; both last for the page's life, across navigations. */
async function inTimeZone(page: Page, timezoneId: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Emulation.setTimezoneOverride', { timezoneId })
  await cdp.send('Emulation.setLocaleOverride', { locale: LOCALE })
}

/** The admin sets how close to the start patients may still change an appointment online. */
async function setChangeCutoff(hours: number): Promise<void> {
  const admin = await openPage(browser, server.url, DESKTOP)
  await people.signInByApi(admin.page, user('admin@clinic.example'))
  const policy = await pageApi(admin.page, 'GET', '/api/admin/booking-policy')
  assert.equal(policy.status, 200, JSON.stringify(policy.body))
  const status = await admin.page.evaluate(
    async (body) =>
      (
        await fetch('/api/admin/booking-policy', {
          method: 'PUT',
          credentials: 'same-origin',
          headers: { 'x-tessera-request': '1', 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).status,
    { ...policy.body, patientChangeCutoffHours: hours },
  )
  assert.equal(status, 200)
  await admin.context.close()
}

interface Appointment {
  id: string
  start: string
  status: string
}

async function myAppointments(page: Page): Promise<Appointment[]> {
  const answer = await pageApi(page, 'GET', '/api/appointments')
  assert.equal(answer.status, 200, JSON.stringify(answer.body))
  return (answer.body['appointments'] as Appointment[]).filter((a) => a.status === 'booked')
}

/** "20260303T100000Z": an instant as iCalendar writes it in UTC (RFC 5545 3.3.5, form 2). */
function icsUtc(iso: string): string {
  return new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

/** How many calendar days from today to the instant, in a given zone. */
function daysAhead(iso: string, timeZone: string): number {
  const key = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(d)
  return Math.round((Date.parse(key(new Date(iso))) - Date.parse(key(new Date()))) / 86_400_000)
}

/** The day as the page shows it in a zone: "Tuesday 3 March" (with the year if not this year's). */
function shownDay(iso: string, timeZone: string): string {
  const date = new Date(iso)
  const thisYear = new Intl.DateTimeFormat(LOCALE, { year: 'numeric' }).format(new Date())
  const sameYear = new Intl.DateTimeFormat(LOCALE, { timeZone, year: 'numeric' }).format(date) === thisYear
  return new Intl.DateTimeFormat(LOCALE, {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    ...(sameYear ? {} : { year: 'numeric' }),
  }).format(date)
}

function shownClock(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALE, { timeZone, hour: '2-digit', minute: '2-digit' }).format(
    new Date(iso),
  )
}

/** The time as the page shows it in a zone: "Tuesday 3 March, 15:00 (New York time)". */
function shown(iso: string, timeZone: string, zoneWords: string): string {
  return `${shownDay(iso, timeZone)}, ${shownClock(iso, timeZone)} (${zoneWords})`
}

test('Maria books on her phone, gets the calendar file, moves it past a taken time; Dr Okafor sees it', async () => {
  const maria = user('maria.garcia@patient.example')
  const tom = user('tom.nguyen@patient.example')
  const okafor = user('dr.okafor@clinic.example')
  const NEW_YORK = 'America/New_York'
  // The soonest time may be today: for now patients may change appointments online up to the start.
  await setChangeCutoff(0)

  // ---------- Maria, on her phone in New York ----------
  const phone = await openPage(browser, server.url, PHONE)
  await inTimeZone(phone.page, NEW_YORK)
  await people.signInByApi(phone.page, maria)
  await phone.page.goto(`${server.url}/patient/appointments`)
  await phone.page.getByText('You have no upcoming appointments.').waitFor()
  await phone.page.getByText('Times are shown in New York time.').waitFor()
  await checkPage(phone, 'empty-phone')

  await phone.page.getByRole('button', { name: 'Book an appointment' }).click()
  await phone.page.getByRole('heading', { level: 2, name: 'Book an appointment' }).waitFor()
  await phone.page.getByLabel(/^Initial consultation/).check()
  const who = phone.page.getByLabel('Who with?')
  if ((await who.count()) > 0) await who.selectOption({ label: okafor.displayName })
  const soonest = phone.page.getByRole('list', { name: 'Soonest free times' })
  await soonest.getByRole('button').first().waitFor()
  assert.ok((await soonest.getByRole('button').count()) <= 6, 'at most six soonest times')
  await checkPage(phone, 'soonest-phone')

  await soonest.getByRole('button').first().click()
  await phone.page.getByRole('heading', { level: 2, name: 'Book this appointment?' }).waitFor()
  await phone.page.getByText(/\(New York time\)$/).waitFor()
  await checkPage(phone, 'confirm-phone')
  await phone.page.getByRole('button', { name: 'Book this time' }).click()
  await phone.page.getByRole('heading', { level: 2, name: 'You are booked' }).waitFor()
  const [booked] = await myAppointments(phone.page)
  assert.ok(booked, 'the appointment exists')
  const bookedText = shown(booked.start, NEW_YORK, 'New York time')
  await phone.page.getByText(bookedText, { exact: true }).waitFor()
  await checkPage(phone, 'booked-phone')

  // The calendar file: the time in UTC, nothing about her care, no names.
  const downloading = phone.page.waitForEvent('download')
  await phone.page.getByRole('button', { name: 'Add to calendar (.ics)' }).click()
  const download = await downloading
  assert.match(download.suggestedFilename(), /\.ics$/)
  const ics = readFileSync(await download.path(), 'utf8')
  assert.match(ics, /^BEGIN:VCALENDAR/)
  assert.match(ics, new RegExp(`DTSTART[^:\\r\\n]*:${icsUtc(booked.start)}`))
  for (const secret of ['Initial consultation', 'consultation', maria.displayName, 'Okafor', 'cannabis'])
    assert.ok(!ics.toLowerCase().includes(secret.toLowerCase()), `the .ics does not mention "${secret}"`)

  await phone.page.getByRole('button', { name: 'Back to your appointments' }).click()
  const list = phone.page.getByRole('list', { name: 'Your upcoming appointments' })
  await list.getByText(bookedText, { exact: true }).waitFor()
  await checkPage(phone, 'list-phone')

  // ---------- Reschedule to another day; Tom takes that time first ----------
  await list.getByRole('button', { name: 'Reschedule' }).click()
  await phone.page.getByRole('heading', { level: 2, name: 'Choose a new time' }).waitFor()
  await phone.page.getByRole('button', { name: 'Choose another day' }).click()
  const days = phone.page.getByRole('radiogroup', { name: 'Days this week' })
  await days.waitFor()
  const bookedDay = shownDay(booked.start, NEW_YORK)
  // A free day other than the booked one (a later week if this one has none).
  const freeDays = async (): Promise<string[]> =>
    (
      await days
        .getByRole('radio', { disabled: false })
        .evaluateAll((radios) => radios.map((r) => r.getAttribute('aria-label') ?? ''))
    ).filter((label) => !label.startsWith(`${bookedDay}:`))
  for (let week = 0; week < 3 && (await freeDays()).length === 0; week++) {
    await phone.page.getByRole('button', { name: 'Later week' }).click()
    await days.waitFor()
  }
  const [dayLabel] = await freeDays()
  assert.ok(dayLabel, 'a free day other than the booked one')
  const dayName = dayLabel.split(':')[0]!
  const dayButton = days.getByRole('radio', { name: dayLabel })
  await dayButton.click()
  const dayTimes = phone.page.getByRole('list', { name: `Free times on ${dayName}` })
  await dayTimes.getByRole('button').first().waitFor()
  await checkPage(phone, 'other-day-phone')
  await dayTimes.getByRole('button').first().click()
  await phone.page.getByRole('heading', { level: 2, name: 'Move your appointment?' }).waitFor()
  await phone.page.getByText(`From ${bookedText} to:`).waitFor()
  const wanted = await phone.page.locator('.appointment-summary dd').first().innerText()

  // Tom books exactly that time a moment earlier.
  const tomPage = await openPage(browser, server.url, DESKTOP)
  await people.signInByApi(tomPage.page, tom)
  const types = await pageApi(tomPage.page, 'GET', '/api/scheduling/types')
  const initial = (types.body['types'] as Array<{ id: string; name: string }>).find(
    (t) => t.name === 'Initial consultation',
  )!
  const slots = await pageApi(
    tomPage.page,
    'GET',
    `/api/scheduling/slots?typeId=${initial.id}&clinicianId=${okafor.id}&limit=500`,
  )
  const target = (slots.body['slots'] as Array<{ start: string }>).find(
    (s) => shown(s.start, NEW_YORK, 'New York time') === wanted,
  )
  assert.ok(target, `the time Maria chose (${wanted}) is free for Tom`)
  const tomBooking = await pageApi(tomPage.page, 'POST', '/api/appointments', {
    typeId: initial.id,
    clinicianId: okafor.id,
    start: target.start,
  })
  assert.equal(tomBooking.status, 201, JSON.stringify(tomBooking.body))
  await tomPage.context.close()

  await phone.page.getByRole('button', { name: 'Move to this time' }).click()
  await phone.page.getByRole('alert').getByText('That time was just taken').waitFor()
  const alternatives = phone.page.getByRole('list', { name: 'Next free times' })
  await alternatives.getByRole('button').first().waitFor()
  await checkPage(phone, 'taken-phone')
  await alternatives.getByRole('button').first().click()
  await phone.page.getByRole('button', { name: 'Move to this time' }).click()
  await phone.page.getByRole('heading', { level: 2, name: 'Your appointment is moved' }).waitFor()
  const [moved] = await myAppointments(phone.page)
  assert.ok(moved && moved.id === booked.id, 'the same appointment, moved')
  assert.notEqual(moved.start, booked.start)
  assert.notEqual(moved.start, target.start)
  const movedText = shown(moved.start, NEW_YORK, 'New York time')
  await phone.page.getByText(movedText, { exact: true }).waitFor()
  await checkPage(phone, 'moved-phone')
  await phone.page.getByRole('button', { name: 'Back to your appointments' }).click()
  await list.getByText(movedText, { exact: true }).waitFor()
  assert.equal(await list.getByText(bookedText, { exact: true }).count(), 0)

  // Cancel asks first; Escape leaves the appointment as it was.
  await list.getByRole('button', { name: 'Cancel appointment' }).click()
  const confirm = phone.page.getByRole('alertdialog', { name: 'Cancel this appointment?' })
  await confirm.getByText(movedText.replace(/ \(New York time\)$/, '')).waitFor()
  await checkPage(phone, 'cancel-dialog-phone')
  await phone.page.keyboard.press('Escape')
  await confirm.waitFor({ state: 'detached' })
  await list.getByText(movedText, { exact: true }).waitFor()

  // The clinic closes online changes two weeks before the start: now it is "call the clinic".
  await setChangeCutoff(336)
  await phone.page.reload()
  await list.getByText(movedText, { exact: true }).waitFor()
  await list.getByText('It is too close to change online. To move or cancel it, call the clinic.').waitFor()
  assert.equal(await list.getByRole('button', { name: 'Reschedule' }).count(), 0)
  assert.equal(await list.getByRole('button', { name: 'Cancel appointment' }).count(), 0)
  await list.getByRole('button', { name: 'Add to calendar' }).waitFor()
  await checkPage(phone, 'locked-phone')
  // The console shows only the 409 this test provoked.
  assertClean(phone, 'phone', [/status of 409/])
  await phone.context.close()

  // ---------- Dr Okafor, at his desk in London ----------
  const LONDON = 'Europe/London'
  const desk = await openPage(browser, server.url, DESKTOP)
  await inTimeZone(desk.page, LONDON)
  await people.signInByApi(desk.page, okafor)
  await desk.page.goto(`${server.url}/clinician`)
  await desk.page.waitForURL(/\/clinician\/today$/)
  await desk.page.getByRole('heading', { level: 2, name: /^Today, / }).waitFor()
  for (let i = 0; i < daysAhead(moved.start, LONDON); i++)
    await desk.page.getByRole('button', { name: 'Next day' }).click()
  await desk.page
    .getByRole('status')
    .getByText(new RegExp(`appointments? on ${shownDay(moved.start, LONDON)}\\.$`))
    .waitFor()
  const item = desk.page.getByRole('listitem').filter({ hasText: maria.displayName })
  await item.waitFor()
  assert.match(await item.innerText(), new RegExp(`^${shownClock(moved.start, LONDON)} to `))
  assert.match(await item.innerText(), /Initial consultation/)
  await item.getByText('Consent given').waitFor()
  await item.getByText(/^Intake (complete|not complete)/).waitFor()
  await item.getByText(/^Documents (verified|not verified)/).waitFor()
  await item.getByRole('link', { name: 'Intake summary' }).waitFor()
  await checkPage(desk, 'today-desktop')
  assertClean(desk, 'clinician')
  await desk.context.close()
})
