// Staff scheduling end to end, against the real `tessera start` on a seeded demo clinic, at 1280 px
// in London: the admin edits an appointment type (the server's field error first) and puts a
// specialty word in the reminder text, which is saved with a warning beside the field; Dr Okafor adds
// a day of leave and no slot is offered on it; reception books Maria into a free time, finds her in
// the day view with her readiness, moves her to another time and cancels. axe-core finds no serious
// violation on any screen.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Page } from 'playwright-core'
import { assertClean, checkPage as checkAnyPage, DemoPeople } from './demo-people.ts'
import { DESKTOP, launchBrowser, openPage, type RunningTessera, type WatchedPage } from './harness.ts'
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

const LONDON = 'Europe/London'
const user = (email: string) => people.user(email)
const checkPage = (watched: WatchedPage, name: string) => checkAnyPage(watched, `scheduling-staff-${name}`)

/** A desktop page in London, in British English, signed in. */
async function desk(email: string): Promise<WatchedPage> {
  const watched = await openPage(browser, server.url, DESKTOP)
  const cdp = await watched.context.newCDPSession(watched.page)
  await cdp.send('Emulation.setTimezoneOverride', { timezoneId: LONDON })
  await cdp.send('Emulation.setLocaleOverride', { locale: 'en-GB' })
  await people.signInByApi(watched.page, user(email))
  return watched
}

/** A London weekday about ten days ahead, as YYYY-MM-DD. */
function leaveDay(): string {
  const at = new Date(Date.now() + 10 * 86_400_000)
  const weekday = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, weekday: 'short' }).format(at)
  const shift = weekday === 'Sat' ? 2 : weekday === 'Sun' ? 1 : 0
  return new Intl.DateTimeFormat('en-CA', { timeZone: LONDON }).format(
    new Date(at.getTime() + shift * 86_400_000),
  )
}

interface Appointment {
  id: string
  start: string
  status: string
}

async function mariaAppointments(page: Page, patientId: string): Promise<Appointment[]> {
  const answer = await pageApi(page, 'GET', `/api/appointments?patientId=${patientId}`)
  assert.equal(answer.status, 200, JSON.stringify(answer.body))
  return answer.body['appointments'] as Appointment[]
}

test('admin settings, a clinician’s leave, and reception books, moves and cancels Maria', async () => {
  const maria = user('maria.garcia@patient.example')
  const okafor = user('dr.okafor@clinic.example')

  // ---------- Admin: an appointment type, then a reminder text with a specialty word ----------
  const admin = await desk('admin@clinic.example')
  await admin.page.goto(`${server.url}/admin/scheduling`)
  await admin.page.getByRole('button', { name: 'Edit Follow-up' }).click()
  const typeDialog = admin.page.getByRole('dialog', { name: 'Edit “Follow-up”' })
  const length = typeDialog.getByLabel(/^Length in minutes/)
  await length.fill('4')
  await typeDialog.getByRole('button', { name: 'Save changes' }).click()
  await typeDialog.getByText('The appointment type was not saved').waitFor()
  assert.equal(await length.getAttribute('aria-invalid'), 'true', 'the server names the length field')
  await checkPage(admin, 'type-error')
  await length.fill('20')
  await typeDialog.getByRole('button', { name: 'Save changes' }).click()
  await typeDialog.waitFor({ state: 'detached' })
  await admin.page
    .getByRole('row', { name: /Follow-up/ })
    .getByText('20 min')
    .waitFor()

  const emailText = admin.page.getByLabel(/^Email text/)
  await emailText.fill(
    'Your cannabis clinic appointment is on {date} at {time} ({timeZone}). Sign in to see details: {link}',
  )
  await admin.page.getByRole('button', { name: 'Save reminder settings' }).click()
  await admin.page
    .getByText('Reminder settings saved, with warnings: see the notes next to the fields.')
    .waitFor()
  const warning = admin.page.getByText(/Contains "cannabis"/)
  await warning.waitFor()
  // The warning is tied to the field it is about.
  const describedBy = (await emailText.getAttribute('aria-describedby')) ?? ''
  const warningList = await warning.evaluate((el) => el.closest('ul')?.id ?? '')
  assert.ok(
    warningList && describedBy.split(' ').includes(warningList),
    'the email text is described by its warning',
  )
  await checkPage(admin, 'admin-settings-warning')
  // Saved: the warning is there again after a reload.
  await admin.page.reload()
  await admin.page.getByText(/Contains "cannabis"/).waitFor()
  assertClean(admin, 'admin', [/status of 400 \(Bad Request\)/])
  await admin.context.close()

  // ---------- Dr Okafor: a day of leave ----------
  const doctor = await desk(okafor.email)
  await doctor.page.goto(`${server.url}/clinician/availability`)
  await doctor.page.getByRole('heading', { level: 2, name: /week at a glance/ }).waitFor()
  await doctor.page.getByRole('group', { name: 'Monday, hours 1' }).waitFor()
  await checkPage(doctor, 'availability')
  // A range that ends before it starts: the server's message sits in that range's row.
  const monday = doctor.page.getByRole('group', { name: 'Monday, hours 1' })
  await monday.getByLabel('Monday, hours 1: to').fill('08:00')
  await doctor.page.getByRole('button', { name: 'Save weekly hours' }).click()
  await monday.getByText('Ends before it starts.').waitFor()
  await checkPage(doctor, 'availability-error')
  await monday.getByLabel('Monday, hours 1: to').fill('12:00')
  await doctor.page.getByRole('button', { name: 'Save weekly hours' }).click()
  await doctor.page.getByText('Weekly hours saved.').waitFor()
  assert.equal(await monday.getByText('Ends before it starts.').count(), 0)
  const day = leaveDay()
  await doctor.page.getByLabel('Label for staff (optional)').fill('Annual leave')
  await doctor.page.getByLabel('From date').fill(day)
  await doctor.page.getByLabel('From time').fill('00:00')
  await doctor.page.getByLabel('To date').fill(day)
  await doctor.page.getByLabel('To time').fill('23:59')
  await doctor.page.getByRole('button', { name: 'Add leave' }).click()
  await doctor.page.getByText('Leave added.').waitFor()
  await doctor.page.getByRole('listitem').filter({ hasText: 'Annual leave' }).waitFor()
  await checkPage(doctor, 'availability-leave')
  const types = await pageApi(doctor.page, 'GET', '/api/scheduling/types')
  const followUp = (types.body['types'] as Array<{ id: string; name: string }>).find(
    (t) => t.name === 'Follow-up',
  )
  assert.ok(followUp)
  const from = new Date(`${day}T00:00:00Z`).getTime() - 2 * 3600_000
  const slotsOnLeave = await pageApi(
    doctor.page,
    'GET',
    `/api/scheduling/slots?typeId=${followUp.id}&clinicianId=${okafor.id}&from=${new Date(from).toISOString()}&to=${new Date(from + 28 * 3600_000).toISOString()}`,
  )
  assert.equal(slotsOnLeave.status, 200, JSON.stringify(slotsOnLeave.body))
  const onDay = (slotsOnLeave.body['slots'] as Array<{ start: string }>).filter(
    (s) => new Intl.DateTimeFormat('en-CA', { timeZone: LONDON }).format(new Date(s.start)) === day,
  )
  assert.deepEqual(onDay, [], 'no free time on the day of leave')
  assertClean(doctor, 'clinician', [/status of 400 \(Bad Request\)/])
  await doctor.context.close()

  // ---------- Reception: book Maria, see her, move her, cancel ----------
  const reception = await desk('reception@clinic.example')
  const page = reception.page
  await page.goto(`${server.url}/clinician/calendar`)
  await page.getByText(/^Times in Europe\/London \((GMT|BST)\)\.$/).waitFor()
  await page.getByRole('heading', { level: 3, name: new RegExp(okafor.displayName) }).waitFor()
  await page.getByText('No reminder problems.').waitFor()
  await checkPage(reception, 'calendar-day')

  await page.getByRole('button', { name: 'Book for a patient' }).click()
  const book = page.getByRole('dialog', { name: 'Book for a patient' })
  await book.getByLabel('Patient').selectOption({ label: `${maria.displayName} (${maria.email})` })
  await book.getByLabel('Appointment type').selectOption({ label: 'Follow-up (20 min)' })
  await book.getByLabel('Clinician').selectOption({ label: okafor.displayName })
  const firstFree = book.getByRole('radio').first()
  await firstFree.waitFor()
  const firstLabel = (await firstFree.evaluate((el) => el.parentElement?.textContent ?? '')).trim()
  assert.match(firstLabel, /^\d\d:\d\d–\d\d:\d\d$/, 'a free time shows its start and end')
  await firstFree.check()
  await checkPage(reception, 'book-dialog')
  await book.getByRole('button', { name: 'Continue' }).click()
  await book
    .getByText(new RegExp(`^${maria.displayName}: Follow-up \\(video call\\) with ${okafor.displayName}`))
    .waitFor()
  await book.getByRole('button', { name: 'Confirm booking' }).click()
  await book.waitFor({ state: 'detached' })
  await page.getByText(`Booked ${maria.displayName} with ${okafor.displayName}.`).waitFor()

  const [booked] = await mariaAppointments(page, maria.id)
  assert.ok(booked && booked.status === 'booked')
  const entry = page.getByRole('article', { name: `${firstLabel}, ${maria.displayName}` })
  await entry.waitFor()
  await entry.getByText('Consent done').waitFor()
  await checkPage(reception, 'calendar-day-booked')

  await entry.getByRole('button', { name: new RegExp(`^Reschedule ${maria.displayName}`) }).click()
  const move = page.getByRole('dialog', { name: `Reschedule ${maria.displayName}` })
  const other = move.getByRole('radio').nth(3)
  await other.waitFor()
  const otherLabel = (await other.evaluate((el) => el.parentElement?.textContent ?? '')).trim()
  await other.check()
  await checkPage(reception, 'reschedule-dialog')
  await move.getByRole('button', { name: /^Move to / }).click()
  await move.waitFor({ state: 'detached' })
  await page
    .getByText(new RegExp(`^${maria.displayName} moved to .* with ${okafor.displayName}\\.$`))
    .waitFor()
  const moved = page.getByRole('article', { name: `${otherLabel}, ${maria.displayName}` })
  await moved.waitFor()
  const [after] = await mariaAppointments(page, maria.id)
  assert.ok(
    after && after.id === booked.id && after.start !== booked.start,
    'the same appointment, a new time',
  )

  await moved.getByRole('button', { name: new RegExp(`^Cancel ${maria.displayName}`) }).click()
  const confirm = page.getByRole('alertdialog', { name: `Cancel ${maria.displayName}'s appointment?` })
  await checkPage(reception, 'cancel-confirm')
  await confirm.getByRole('button', { name: 'Cancel the appointment' }).click()
  await confirm.waitFor({ state: 'detached' })
  await page.getByText(new RegExp(`^${maria.displayName}'s appointment at .* was cancelled\\.$`)).waitFor()
  await moved.getByText('Cancelled', { exact: true }).waitFor()
  assert.equal(await moved.getByRole('button').count(), 0, 'a cancelled appointment has no actions')
  const [cancelled] = await mariaAppointments(page, maria.id)
  assert.equal(cancelled?.status, 'cancelled')

  await page.getByRole('button', { name: 'Week', exact: true }).click()
  await page.getByRole('heading', { level: 2, name: /^Week of / }).waitFor()
  await checkPage(reception, 'calendar-week')

  // Reception also keeps any clinician's hours.
  await page.goto(`${server.url}/clinician/availability`)
  await page.getByRole('combobox', { name: 'Clinician' }).selectOption({ label: okafor.displayName })
  await page.getByRole('listitem').filter({ hasText: 'Annual leave' }).waitFor()
  await checkPage(reception, 'availability-reception')
  assertClean(reception, 'reception')
  await reception.context.close()
})
