// The waiting room in the browser (issue 9, JOURNEYS.md patient step 7 and clinician steps 1 and 3):
// Maria, on a 360 px phone, does the device and network check and checks in; Dr Okafor, on a desktop
// with another page open, sees the "waiting" strip appear live (no reload), goes to Today and admits
// her; her waiting screen becomes the call without a reload. Before that, a check-in an hour early
// says when she can join. The server's clock is moved (consult-fixture.ts); the browser's is not, so
// every "can join" comes from the server's answers.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Page } from 'playwright-core'
import { startConsultClinic, type ConsultClinic } from './consult-fixture.ts'
import { assertClean, checkPage } from './demo-people.ts'
import { DESKTOP, launchBrowser, openPage, PHONE, screenshot, type WatchedPage } from './harness.ts'
import { pageApi } from './seeded.ts'

let browser: Browser
let clinic: ConsultClinic

before(async () => {
  browser = await launchBrowser()
  clinic = await startConsultClinic(browser)
})
after(async () => {
  await browser?.close()
  await clinic?.server.stop()
})

const MINUTE = 60_000

/** Marks the document, so a later check can tell that no reload (or navigation by load) happened. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => Object.assign(window, { sameDocument: true }))
}
async function sameDocument(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument === true)
}

/** Runs a wait; on a timeout, keeps a screenshot and says what the page and the server showed. */
async function explain(watched: WatchedPage, what: string, wait: () => Promise<unknown>): Promise<void> {
  try {
    await wait()
  } catch (err) {
    await screenshot(watched.page, `consult-timeout-${what.replace(/\W+/g, '-')}`).catch(() => {})
    const main = await watched.page
      .evaluate(() => document.querySelector('main')?.textContent?.slice(0, 600) ?? '')
      .catch((e: unknown) => String(e))
    const log = clinic.server.process.output().slice(-2000)
    throw new Error(
      `waiting for ${what}: ${String(err)}\npage: ${main}\nconsole: ${watched.consoleErrors.join('\n')}\nserver:\n${log}`,
      { cause: err },
    )
  }
}

/** Maria signs in on a phone and opens her video appointment from the appointments list. */
async function mariaJoins(): Promise<WatchedPage> {
  const patient = await openPage(browser, clinic.server.url, PHONE)
  const { page } = patient
  await clinic.people.signInByApi(page, clinic.maria)
  await page.goto(`${clinic.server.url}/patient/appointments`)
  await page.getByRole('heading', { name: 'Appointments', level: 1 }).waitFor()
  await page.getByRole('button', { name: 'Join the video call' }).click()
  await page.waitForURL(/\/patient\/consult$/)
  await page.getByRole('heading', { name: 'Video consultation', level: 1 }).waitFor()
  assert.doesNotMatch(page.url(), /[0-9a-f]{8}-[0-9a-f]{4}/, 'no appointment id in the address')
  return patient
}

/** The device check found the fake camera and microphone, and the network check reported. */
async function deviceCheckDone(patient: WatchedPage, label: string): Promise<void> {
  const { page } = patient
  await explain(patient, `${label} microphone heard`, () =>
    page.getByText('We can hear your microphone.').waitFor({ timeout: 20_000 }),
  )
  const playing = await page
    .getByLabel('Your camera preview')
    .evaluate((v: HTMLVideoElement) => v.videoWidth > 0 && v.srcObject !== null)
  assert.equal(playing, true, `${label}: the camera preview shows the fake camera`)
  await page.getByRole('combobox', { name: 'Camera' }).waitFor()
  await page.getByRole('combobox', { name: 'Microphone' }).waitFor()
  // No relay in this server: said plainly, not as a failure.
  await page.getByText(/Tessera answered in \d+ ms/).waitFor({ timeout: 20_000 })
  await page.getByText(/No relay server is needed/).waitFor()
}

test('a check-in an hour early says when she can join, in her time zone', async () => {
  clinic.setServerClock(clinic.start - 60 * MINUTE)
  await new Promise((resolve) => setTimeout(resolve, 300))
  const patient = await mariaJoins()
  const { page } = patient
  await deviceCheckDone(patient, 'early')
  await page.getByRole('button', { name: "I'm ready" }).click()
  const note = page.getByRole('status').filter({ hasText: 'It is a little early' })
  await explain(patient, 'the too-early message', () => note.waitFor({ timeout: 15_000 }))
  const joinFrom = new Date(clinic.start - 15 * MINUTE)
  // The page shows the time in the browser's own zone, and names the zone.
  const shown = await page.evaluate(
    (iso) => new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso)),
    joinFrom.toISOString(),
  )
  assert.match(
    (await note.textContent()) ?? '',
    new RegExp(`You can join from .*${shown}.*\\((UTC|.+ time)\\)`),
  )
  // Still in the check: nobody waits, the button is there to try again later.
  await page.getByRole('button', { name: "I'm ready" }).waitFor()
  await checkPage(patient, 'consult-too-early-phone')
  // The refusals the page handles: no relay configured (404), too early (409).
  assertClean(patient, 'patient, too early', [/status of 404/, /status of 409/])
  await patient.context.close()
})

test('a browser that cannot encrypt the call says so and cannot check in (never a call in clear)', async () => {
  clinic.setServerClock(clinic.start - 5 * MINUTE)
  await new Promise((resolve) => setTimeout(resolve, 300))
  const patient = await openPage(browser, clinic.server.url, PHONE)
  // As in a browser without Chromium's frame transforms (Firefox, Safari).
  await patient.context.addInitScript(() => {
    delete (RTCRtpSender.prototype as unknown as Record<string, unknown>)['createEncodedStreams']
  })
  const { page } = patient
  await clinic.people.signInByApi(page, clinic.maria)
  await page.evaluate((id) => sessionStorage.setItem('tessera.consult.appointment', id), clinic.appointmentId)
  await page.goto(`${clinic.server.url}/patient/consult`)
  await page.getByText('This browser cannot join the call').waitFor({ timeout: 20_000 })
  await page.getByText(/current Google Chrome or Microsoft Edge/).waitFor()
  assert.equal(await page.getByRole('button', { name: "I'm ready" }).isDisabled(), true)
  await checkPage(patient, 'consult-unsupported-browser-phone')
  await patient.context.close()
})

test('Maria checks in from her phone; Dr Okafor sees it live on another page, admits her from Today; her screen becomes the call', async () => {
  clinic.setServerClock(clinic.start - 5 * MINUTE)
  await new Promise((resolve) => setTimeout(resolve, 300))
  const url = clinic.server.url

  // --- Dr Okafor works on another page ---
  const clinician = await openPage(browser, url, DESKTOP)
  const doc = clinician.page
  await clinic.people.signInByApi(doc, clinic.okafor)
  await doc.goto(`${url}/clinician/patients`)
  await doc.getByRole('heading', { name: 'Patients', level: 1 }).waitFor()
  await markDocument(doc)
  assert.equal(await doc.locator('.lobby-strip').count(), 0, 'nobody is waiting yet')

  // --- Maria: device and network check, then "I'm ready" ---
  const patient = await mariaJoins()
  const { page } = patient
  await markDocument(page)
  await deviceCheckDone(patient, 'in time')
  await checkPage(patient, 'consult-device-check-phone')
  await page.getByRole('button', { name: "I'm ready" }).click()
  const waitingHeading = page.getByRole('heading', { name: `${clinic.okafor.displayName} will let you in` })
  await explain(patient, 'the waiting room', () => waitingHeading.waitFor({ timeout: 15_000 }))
  await page.getByText('Connected: this page updates by itself.').waitFor({ timeout: 15_000 })
  await checkPage(patient, 'consult-waiting-phone')

  // --- His open page shows the strip without a reload; the sound waits for a gesture ---
  const strip = doc.locator('.lobby-strip')
  await explain(clinician, 'the waiting strip', () =>
    strip
      .getByText(`${clinic.maria.displayName} is waiting for the video consultation.`)
      .waitFor({ timeout: 15_000 }),
  )
  assert.equal(await sameDocument(doc), true, 'the strip appeared without a reload')
  // The tab's title counts who waits (seen from other tabs), and never names anyone.
  assert.match(await doc.title(), /^\(1 waiting\) Patients/)
  assert.doesNotMatch(await doc.title(), /Maria|Garcia/)
  // The chime played (headless Chromium allows audio without a gesture, so the "blocked" strip
  // and its "Turn on sound" button are not reached here).
  await strip.and(doc.locator('[data-sound="on"]')).waitFor({ timeout: 10_000 })
  await checkPage(clinician, 'consult-waiting-strip-desktop')

  // --- Today: who waits, Admit ---
  await strip.getByRole('link', { name: 'See who is waiting' }).click()
  await doc.getByRole('heading', { name: 'Today', level: 1 }).waitFor()
  const card = doc.getByRole('region', { name: 'Waiting now' })
  const entry = card.getByRole('listitem').filter({ hasText: clinic.maria.displayName })
  await entry.getByText(/Waiting since/).waitFor()
  await checkPage(clinician, 'consult-today-waiting-desktop')
  await entry.getByRole('button', { name: 'Admit' }).click()
  await explain(clinician, 'admitted', () => entry.getByText('Let in.').waitFor({ timeout: 15_000 }))
  await explain(clinician, 'the strip gone', () => strip.waitFor({ state: 'detached', timeout: 15_000 }))
  assert.match(await doc.title(), /^Today/)

  // --- Her waiting screen becomes the call, without a reload ---
  await explain(patient, 'the call view', () =>
    page.getByRole('region', { name: /video call/i }).waitFor({ timeout: 15_000 }),
  )
  assert.equal(await waitingHeading.count(), 0)
  assert.equal(await sameDocument(page), true, 'the call replaced the waiting room without a reload')
  await checkPage(patient, 'consult-call-phone')

  // --- He joins the call: the consult page (its own document), the room says she is in ---
  await entry.getByRole('button', { name: 'Join call' }).click()
  await doc.waitForURL(/\/clinician\/consult$/)
  await doc.getByRole('heading', { name: 'Video consultation', level: 1 }).waitFor()
  await explain(clinician, 'the host room', () =>
    doc.getByText(`${clinic.maria.displayName} was let in`).waitFor({ timeout: 15_000 }),
  )
  await doc.getByRole('region', { name: /video call/i }).waitFor()
  await checkPage(clinician, 'consult-host-call-desktop')

  // A reload keeps her in the call (the state is the server's).
  await page.reload()
  await explain(patient, 'the call after a reload', () =>
    page.getByRole('region', { name: /video call/i }).waitFor({ timeout: 15_000 }),
  )

  // She ends the call: what comes next, and this tab forgets the consultation.
  await page.getByRole('button', { name: 'End call' }).click()
  await explain(patient, 'the ended screen', () =>
    page.getByRole('heading', { name: 'The consultation has ended' }).waitFor({ timeout: 15_000 }),
  )
  await page.getByRole('link', { name: 'Back to your appointments' }).waitFor()
  const kept = await page.evaluate(() => sessionStorage.getItem('tessera.consult.appointment'))
  assert.equal(kept, null, 'the chosen consultation is forgotten')
  await checkPage(patient, 'consult-ended-phone')

  // No relay is configured: the network check and the call's engine get 404 for TURN credentials.
  assertClean(patient, 'patient', [/status of 404/])
  assertClean(clinician, 'clinician', [/status of 404/])
  await patient.context.close()
  await clinician.context.close()
})

test('when the live connection is refused, the waiting room and the strip keep working by asking the server', async () => {
  const url = clinic.server.url
  // A second video appointment with Dr Okafor, after the first (the server's clock is 2 days ahead).
  const booking = await openPage(browser, url, DESKTOP)
  await clinic.people.signInByApi(booking.page, clinic.maria)
  const types = await pageApi(booking.page, 'GET', '/api/scheduling/types')
  const video = (types.body['types'] as Array<{ id: string; mode: string }>).filter((t) => t.mode === 'video')
  let second: { id: string; start: number } | null = null
  for (const type of video) {
    const slots = await pageApi(booking.page, 'GET', `/api/scheduling/slots?typeId=${type.id}&limit=80`)
    const free = (slots.body['slots'] as Array<{ start: string; clinicianId: string }> | undefined) ?? []
    const slot = free.find((s) => s.clinicianId === clinic.okafor.id && Date.parse(s.start) > clinic.start)
    if (!slot) continue
    const answer = await pageApi(booking.page, 'POST', '/api/appointments', {
      typeId: type.id,
      clinicianId: slot.clinicianId,
      start: slot.start,
    })
    if (answer.status === 201) {
      second = { id: String(answer.body['id']), start: Date.parse(slot.start) }
      break
    }
  }
  assert.ok(second, 'a second video appointment could be booked')
  await booking.context.close()
  clinic.setServerClock(second.start - 5 * MINUTE)
  await new Promise((resolve) => setTimeout(resolve, 300))

  /** Every lobby socket of this page is closed at once, as a proxy that drops WebSockets would. */
  const refuseLobby = async (page: Page): Promise<void> => {
    await page.routeWebSocket(/\/api\/consult\/lobby$/, (ws) => ws.close({ code: 1011, reason: 'refused' }))
  }

  const clinician = await openPage(browser, url, DESKTOP)
  const doc = clinician.page
  await refuseLobby(doc)
  await clinic.people.signInByApi(doc, clinic.okafor)
  await doc.goto(`${url}/clinician/patients`)
  await doc.getByRole('heading', { name: 'Patients', level: 1 }).waitFor()

  const patient = await openPage(browser, url, PHONE)
  const { page } = patient
  await refuseLobby(page)
  await clinic.people.signInByApi(page, clinic.maria)
  await page.evaluate((id) => sessionStorage.setItem('tessera.consult.appointment', id), second.id)
  await page.goto(`${url}/patient/consult`)
  await page.getByRole('button', { name: "I'm ready" }).click()
  await explain(patient, 'the waiting room without a live connection', () =>
    page.getByText('Live updates are reconnecting').waitFor({ timeout: 15_000 }),
  )
  await markDocument(page)
  await checkPage(patient, 'consult-waiting-polling-phone')

  // His strip comes from the waiting list he asks for every few seconds.
  const strip = doc.locator('.lobby-strip')
  await explain(clinician, 'the strip by polling', () =>
    strip.getByText(`${clinic.maria.displayName} is waiting`).waitFor({ timeout: 30_000 }),
  )
  await strip.getByRole('link', { name: 'See who is waiting' }).click()
  const entry = doc
    .getByRole('region', { name: 'Waiting now' })
    .getByRole('listitem')
    .filter({ hasText: clinic.maria.displayName })
  await entry.getByRole('button', { name: 'Admit' }).click()
  await entry.getByText('Let in.').waitFor({ timeout: 15_000 })

  // Her page asks for the room every few seconds and opens the call without a reload.
  await explain(patient, 'the call by polling', () =>
    page.getByRole('region', { name: /video call/i }).waitFor({ timeout: 30_000 }),
  )
  assert.equal(await sameDocument(page), true, 'the call replaced the waiting room without a reload')
  await patient.context.close()
  await clinician.context.close()
})
