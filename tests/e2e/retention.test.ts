// Retention end to end (S37), against the real `tessera start` on the seeded demo clinic with the
// test clock (TESSERA_TEST_CLOCK_FILE, honoured only with NODE_ENV=test). Maria uploads a summary
// of care; the clock moves 9 years on, past the 8 years after her last contact, and the daily scan
// flags her record. The privacy officer sees it (a reference and dates, no name or record content),
// approves the erasure behind a confirmation that says it is irreversible, and the row then shows
// erased; Maria's document answers that it can no longer be read. axe on each step; nothing leaves
// our origin.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import type { DocumentList, RetentionFlagList } from '@tessera/contracts'
import { summaryPdf } from './document-fixtures.ts'
import { DESKTOP, launchBrowser, openPage, PHONE, screenshot, type RunningTessera } from './harness.ts'
import { pageApi, startSeededTessera } from './seeded.ts'
import { assertClean, checkPage, DemoPeople } from './demo-people.ts'

const YEAR_MS = 365.25 * 24 * 3600 * 1000
const clockFile = join(mkdtempSync(join(tmpdir(), 'tessera-e2e-clock-')), 'offset-ms')
let offset = 0
let server: RunningTessera
let browser: Browser
let people: DemoPeople

before(async () => {
  writeFileSync(clockFile, '0')
  const seeded = await startSeededTessera({ NODE_ENV: 'test', TESSERA_TEST_CLOCK_FILE: clockFile })
  server = seeded.server
  people = new DemoPeople(
    seeded.users,
    () => server.url,
    () => Date.now() + offset,
  )
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

/** The document's content as the web app fetches it: the status and, on an error, its message. */
async function openDocument(page: Page, id: string): Promise<{ status: number; message: string }> {
  return page.evaluate(async (id) => {
    const res = await fetch(`/api/documents/${id}/content`, {
      credentials: 'same-origin',
      headers: { 'x-tessera-request': '1' },
    })
    const type = res.headers.get('content-type') ?? ''
    const message = type.includes('json')
      ? (((await res.json()) as { error?: { message?: string } }).error?.message ?? '')
      : ''
    return { status: res.status, message }
  }, id)
}

test('a record past retention is flagged, the privacy officer approves its erasure, the document is gone', async () => {
  const maria = people.user('maria.garcia@patient.example')

  // --- Maria uploads a summary of care ---
  const patient = await openPage(browser, server.url, PHONE)
  await people.signInByApi(patient.page, maria)
  await patient.page.goto(`${server.url}/patient/documents`)
  await patient.page.getByLabel('What is it?').selectOption('summary-of-care')
  const chooser = patient.page.waitForEvent('filechooser')
  await patient.page.getByRole('button', { name: 'Choose a file' }).click()
  await (await chooser).setFiles({ name: 'summary.pdf', mimeType: 'application/pdf', buffer: summaryPdf() })
  await patient.page
    .getByText('“summary.pdf” is uploaded. The clinic will check it.')
    .waitFor({ timeout: 30_000 })
  const listed = await pageApi(patient.page, 'GET', `/api/patients/${maria.id}/documents`)
  const docId = (listed.body as unknown as DocumentList).documents[0]?.id
  assert.ok(docId)
  assert.equal((await openDocument(patient.page, docId)).status, 200)
  assertClean(patient, 'patient')
  await patient.context.close()

  // --- 9 years pass without a contact: the daily scan (overdue now) flags her record ---
  offset = 9 * YEAR_MS
  writeFileSync(clockFile, String(offset))
  const officer = await openPage(browser, server.url, DESKTOP)
  const { page } = officer
  await people.signInByApi(page, people.user('privacy@clinic.example'))
  const until = Date.now() + 60_000
  for (;;) {
    const list = await pageApi(page, 'GET', '/api/privacy/retention')
    assert.equal(list.status, 200, JSON.stringify(list.body))
    if ((list.body as unknown as RetentionFlagList).flagged.some((f) => f.patientId === maria.id)) break
    assert.ok(Date.now() < until, 'the retention scan flagged Maria within a minute')
    await new Promise((r) => setTimeout(r, 500))
  }

  await page.goto(`${server.url}/admin/retention`)
  await page.getByRole('heading', { name: 'Retention', level: 1 }).waitFor()
  const row = page
    .getByRole('list', { name: 'Records past retention' })
    .getByRole('listitem')
    .filter({ hasText: `Patient ${maria.id}` })
  await row.waitFor()
  const text = (await row.textContent()) ?? ''
  assert.match(text, /Adult health record/)
  assert.match(text, /Last contact \d{4}-\d\d-\d\d; kept until \d{4}-\d\d-\d\d; flagged \d{4}-\d\d-\d\d/)
  // A reference and dates only: no name, no document title.
  assert.doesNotMatch(await page.locator('main').innerText(), /Maria|Garcia|summary/i)
  await checkPage(officer, 'retention-officer-flagged-desktop')

  await row.getByRole('button', { name: `Approve erasure of Patient ${maria.id}` }).click()
  const confirm = page.getByRole('alertdialog', { name: /Erase this record\? This cannot be undone/ })
  await confirm.getByText(/Erasure is irreversible/).waitFor()
  await checkPage(officer, 'retention-officer-confirm-desktop')
  await confirm.getByRole('button', { name: 'Erase permanently' }).click()
  await confirm.waitFor({ state: 'detached' })
  await row.getByText('Erased', { exact: true }).waitFor()
  await row.getByText(/can no longer be opened/).waitFor()
  assert.equal(await row.getByRole('button', { name: /Approve erasure/ }).count(), 0)
  await checkPage(officer, 'retention-officer-erased-desktop')
  assertClean(officer, 'privacy officer')
  await officer.context.close()

  // --- Maria's document can no longer be read ---
  const after = await openPage(browser, server.url, PHONE)
  await people.signInByApi(after.page, maria)
  const gone = await openDocument(after.page, docId)
  assert.equal(gone.status, 410)
  assert.match(gone.message, /erased.*can no longer be read/)
  await after.page.goto(`${server.url}/patient/documents`)
  await after.page.getByRole('heading', { name: 'Documents', level: 1 }).waitFor()
  await screenshot(after.page, 'retention-patient-after-erasure-phone')
  await after.context.close()
})

test('the retention section is the privacy officer’s alone', async () => {
  const admin = await openPage(browser, server.url, DESKTOP)
  await people.signInByApi(admin.page, people.user('admin@clinic.example'))
  await admin.page.goto(`${server.url}/admin/compliance`)
  await admin.page.getByRole('heading', { name: 'Compliance', level: 1 }).waitFor({ timeout: 60_000 })
  assert.equal(await admin.page.getByRole('link', { name: 'Retention' }).count(), 0)
  const refused = await pageApi(admin.page, 'GET', '/api/privacy/retention')
  assert.equal(refused.status, 403)
  assertClean(admin, 'admin', [/403/])
  await admin.context.close()
})
