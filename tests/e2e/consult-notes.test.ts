// The clinician's notes beside the video (issue 9, JOURNEYS.md clinician steps 3 and 5): Dr Okafor
// opens Maria's consultation, types; the draft saves itself ("Saved"), is back after a reload, and
// what she typed just before a reload is not lost; she signs it (then it is locked) and adds an
// amendment with a reason. On a desktop beside the call and on a 360 px phone. Ending the
// consultation closes its Encounter.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Locator, Page } from 'playwright-core'
import { startConsultClinic, type ConsultClinic } from './consult-fixture.ts'
import { assertClean, checkPage } from './demo-people.ts'
import {
  DESKTOP,
  launchBrowser,
  openPage,
  PHONE,
  screenshot,
  type Viewport,
  type WatchedPage,
} from './harness.ts'
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

const FIRST = 'Cough for 5 days, no fever. Chest clear on self-examination <guided>.'
const MORE = '\nPlan: fluids & rest; review in a week.'
const LAST = '\nSafety-netting advice given.'

/** Runs a wait; on a timeout, keeps a screenshot and says what the page and the server showed. */
async function explain(watched: WatchedPage, what: string, wait: () => Promise<unknown>): Promise<void> {
  try {
    await wait()
  } catch (err) {
    await screenshot(watched.page, `notes-timeout-${what.replace(/\W+/g, '-')}`).catch(() => {})
    const main = await watched.page
      .evaluate(() => document.querySelector('main')?.textContent?.slice(0, 800) ?? '')
      .catch((e: unknown) => String(e))
    const log = clinic.server.process.output().slice(-2000)
    const console = watched.consoleErrors.slice(-10).join('\n')
    throw new Error(
      `waiting for ${what}: ${String(err)}\npage: ${main}\nconsole:\n${console}\nserver:\n${log}`,
      {
        cause: err,
      },
    )
  }
}

const notesBox = (page: Page) => page.getByRole('textbox', { name: 'Notes' })

/** Loads (a reload unless told otherwise) and waits for `ready`, explaining a timeout. */
async function loadUntil(
  watched: WatchedPage,
  what: string,
  ready: Locator,
  load: () => Promise<unknown> = () => watched.page.reload(),
): Promise<void> {
  await load()
  await explain(watched, what, () => ready.waitFor({ timeout: 30_000 }))
}

/** Dr Okafor signed in, on the consult page of Maria's appointment (the id in this tab only). */
async function okaforOpens(viewport: Viewport, ready: (page: Page) => Locator): Promise<WatchedPage> {
  const watched = await openPage(browser, clinic.server.url, viewport)
  const { page } = watched
  await clinic.people.signInByApi(page, clinic.okafor)
  await page.evaluate((id) => sessionStorage.setItem('tessera.consult.appointment', id), clinic.appointmentId)
  await loadUntil(watched, `${viewport.name} notes panel`, ready(page), () =>
    page.goto(`${clinic.server.url}/clinician/consult`),
  )
  return watched
}

async function serverNote(page: Page): Promise<{ status: string; text: string; version: number }> {
  const res = await pageApi(page, 'GET', `/api/consult/${clinic.appointmentId}/note`)
  assert.equal(res.status, 200, JSON.stringify(res.body))
  return res.body as { status: string; text: string; version: number }
}

test('the note saves itself, survives reloads, is signed and locked, and takes an amendment with a reason', async () => {
  const desk = await okaforOpens(DESKTOP, notesBox)
  const { page } = desk
  const box = notesBox(page)
  assert.equal(await box.inputValue(), '', 'a new consultation starts with an empty note')

  // Typing: saved every few seconds without pressing anything.
  await box.click()
  await box.pressSequentially(FIRST, { delay: 5 })
  const status = page.locator('.notes-panel__status')
  await explain(desk, 'Saved', () => page.getByText(/^Saved \d{1,2}:\d{2}/).waitFor({ timeout: 30_000 }))
  await explain(desk, 'the server to hold the typed text', async () => {
    for (let i = 0; i < 60 && (await serverNote(page)).text !== FIRST; i++) await page.waitForTimeout(500)
  })
  assert.equal((await serverNote(page)).text, FIRST, 'the autosave reached the server')
  assert.equal((await serverNote(page)).status, 'draft')

  // A reload brings it back.
  await loadUntil(desk, 'the note after a reload', box)
  assert.equal(await box.inputValue(), FIRST)
  assert.match((await status.textContent()) ?? '', /^Saved \d{1,2}:\d{2}/)

  // Words typed just before a reload are sent as the page goes (keepalive), not lost.
  await box.click()
  await page.keyboard.press('Control+End')
  await box.pressSequentially(MORE, { delay: 5 })
  await page.reload()
  await explain(desk, 'the last words on the server', async () => {
    for (let i = 0; i < 60 && (await serverNote(page)).text !== FIRST + MORE; i++)
      await page.waitForTimeout(500)
  })
  assert.equal((await serverNote(page)).text, FIRST + MORE, 'typed just before the reload, saved anyway')
  await loadUntil(desk, 'the note after the second reload', box)
  assert.equal(await box.inputValue(), FIRST + MORE)

  // Blur saves at once.
  await box.click()
  await page.keyboard.press('Control+End')
  await box.pressSequentially(LAST, { delay: 5 })
  await page.getByRole('heading', { name: 'Consultation notes' }).click()
  await explain(desk, 'the save on blur', async () => {
    for (let i = 0; i < 60 && (await serverNote(page)).text !== FIRST + MORE + LAST; i++)
      await page.waitForTimeout(500)
  })
  await checkPage(desk, 'consult-notes-draft-desktop')

  // The same draft on a phone.
  const phone = await okaforOpens(PHONE, notesBox)
  assert.equal(await notesBox(phone.page).inputValue(), FIRST + MORE + LAST)
  await notesBox(phone.page).scrollIntoViewIfNeeded()
  await checkPage(phone, 'consult-notes-draft-phone')

  // Sign, with a confirmation.
  await page.getByRole('button', { name: 'Sign note' }).click()
  const dialog = page.getByRole('alertdialog', { name: 'Sign this note?' })
  await dialog.waitFor()
  await dialog.getByRole('button', { name: 'Sign note' }).click()
  await explain(desk, 'the signed note', () =>
    page.getByText(/^Signed by .+The note is locked\.$/).waitFor({ timeout: 30_000 }),
  )
  assert.equal(await notesBox(page).count(), 0, 'no text box once signed')
  const signed = await serverNote(page)
  assert.equal(signed.status, 'signed')
  assert.equal(signed.text, FIRST + MORE + LAST)
  await page.getByText('Chest clear on self-examination <guided>.', { exact: false }).waitFor()

  // Locked: another tab's late autosave is refused.
  const late = await page.evaluate(
    async ({ id, version }) => {
      const res = await fetch(`/api/consult/${id}/note`, {
        method: 'PUT',
        credentials: 'same-origin',
        headers: { 'x-tessera-request': '1', 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'changed after signing', baseVersion: version }),
      })
      return { status: res.status, body: await res.text() }
    },
    { id: clinic.appointmentId, version: signed.version },
  )
  assert.equal(late.status, 409)
  assert.match(late.body, /Signed notes are locked; add an amendment\./)

  // An amendment with a reason; the signed text stays.
  await page.getByRole('button', { name: 'Add an amendment' }).click()
  await page
    .getByRole('textbox', { name: 'Amendment', exact: true })
    .fill('Temperature 37.9 °C reported after the call.')
  await page.getByRole('textbox', { name: 'Reason for the amendment' }).fill('Patient phoned with a reading')
  await page.getByRole('button', { name: 'Add amendment' }).click()
  await explain(desk, 'the amendment', () =>
    page.getByText('Temperature 37.9 °C reported after the call.').waitFor({ timeout: 30_000 }),
  )
  await page.getByText('Patient phoned with a reading').waitFor()
  const amended = await serverNote(page)
  assert.equal(amended.status, 'amended')
  assert.equal(amended.text, FIRST + MORE + LAST, 'the signed words are unchanged')
  assert.equal(amended.version, signed.version + 1)
  await checkPage(desk, 'consult-notes-signed-desktop')

  await loadUntil(
    phone,
    'the signed note on the phone',
    phone.page.getByText('Patient phoned with a reading'),
  )
  await checkPage(phone, 'consult-notes-signed-phone')

  // Ending the consultation closes its Encounter (the call's End button calls this).
  const ended = await pageApi(page, 'POST', `/api/consult/${clinic.appointmentId}/end`)
  assert.equal(ended.status, 200, JSON.stringify(ended.body))
  assert.equal(ended.body['status'], 'finished')
  assert.ok(ended.body['end'], 'the Encounter has an end')

  // Expected refusals: no TURN relay in this server (404) and the late save above (409).
  const expected = [/status of 404/, /status of 409/]
  assertClean(desk, 'clinician desktop', expected)
  assertClean(phone, 'clinician phone', expected)
})

test('Maria cannot read or write the note of her own consultation', async () => {
  const watched = await openPage(browser, clinic.server.url, PHONE)
  await clinic.people.signInByApi(watched.page, clinic.maria)
  const read = await pageApi(watched.page, 'GET', `/api/consult/${clinic.appointmentId}/note`)
  assert.equal(read.status, 404)
  assert.doesNotMatch(JSON.stringify(read.body), /Cough/)
  await watched.context.close()
})
