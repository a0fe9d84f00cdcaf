// Secure messaging end to end, against the real `tessera start` on the seeded demo clinic (Maria is
// on Dr Okafor's care team): Dr Okafor keeps the Inbox open on a desktop; Maria, on a 360 px phone,
// writes with a photo attached through the vault; the thread appears in the open inbox without a
// reload; he writes an internal note and replies; the reply appears in Maria's open thread without
// a reload and the note never does. XSS payloads in the subject, the body and the file name render
// as inert text: no dialog, no injected element; links are http(s) only, with rel=noopener noreferrer.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Page } from 'playwright-core'
import { idCardPng } from './document-fixtures.ts'
import { DESKTOP, launchBrowser, openPage, PHONE, screenshot, type RunningTessera } from './harness.ts'
import { startSeededTessera } from './seeded.ts'
import { assertClean, checkPage, DemoPeople } from './demo-people.ts'

let server: RunningTessera
let browser: Browser
let people: DemoPeople

const SUBJECT = 'Rash <img src=x onerror="window.__xss=1;alert(1)">'
const BODY = [
  'My arm is worse. <script>window.__xss=2;alert(2)</script>',
  'I read https://example.org/rash-advice, is it right?',
  'And this: javascript:alert(3) <b onmouseover=alert(4)>bold</b>',
].join('\n')
const FILE_NAME = '<img src=x onerror=alert(5)>arm.png'
const NOTE = 'Internal: probably contact dermatitis.'
const REPLY = 'Please stop the cream. See https://clinic.example/skin-care tomorrow.'

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

/** Counts every dialog (alert, confirm, prompt) the page opens; a payload that ran would open one. */
function watchDialogs(page: Page): string[] {
  const seen: string[] = []
  page.on('dialog', (dialog) => {
    seen.push(dialog.message())
    void dialog.dismiss()
  })
  return seen
}

/** Nothing a payload would have created: no <img src=x>, no inline script, no <b>, no flag. */
async function assertInert(page: Page, label: string): Promise<void> {
  const found = await page.evaluate(() => ({
    imgs: document.querySelectorAll('img[src="x"]').length,
    scripts: Array.from(document.querySelectorAll('script')).filter((s) => !s.src).length,
    bold: document.querySelectorAll('.msg-bubble b, .msg-threads b').length,
    handlers: document.querySelectorAll('[onerror], [onmouseover]').length,
    jsLinks: document.querySelectorAll('a[href^="javascript:"]').length,
    flag: (window as unknown as { __xss?: number }).__xss ?? null,
  }))
  assert.deepEqual(found, { imgs: 0, scripts: 0, bold: 0, handlers: 0, jsLinks: 0, flag: null }, label)
}

/**
 * Runs a wait; on a timeout, fails with what the page and the server showed (the reply form's
 * alert, the thread's bubbles, the server's last log lines) and keeps a screenshot.
 */
async function explainOnTimeout(page: Page, what: string, wait: () => Promise<void>): Promise<void> {
  try {
    await wait()
  } catch (err) {
    await screenshot(page, `messaging-timeout-${what.replace(/\W+/g, '-')}`).catch(() => {})
    const seen = await page
      .evaluate(() => ({
        form: document.querySelector('.msg-reply')?.textContent ?? '(no reply form)',
        bubbles: Array.from(document.querySelectorAll('.msg-bubble')).map((b) => b.className),
        main: document.querySelector('.msg-layout__main')?.textContent?.slice(0, 300) ?? '',
      }))
      .catch((e: unknown) => ({ evaluate: String(e) }))
    const log = server.process.output().slice(-3000)
    throw new Error(`waiting for ${what}: ${String(err)}\npage: ${JSON.stringify(seen)}\nserver:\n${log}`, {
      cause: err,
    })
  }
}

test('a patient writes with a photo from her phone; the open inbox shows it live; she reads the reply live', async () => {
  const maria = people.user('maria.garcia@patient.example')
  const okafor = people.user('dr.okafor@clinic.example')

  // --- Dr Okafor opens his inbox and leaves it open ---
  const clinician = await openPage(browser, server.url, DESKTOP)
  const doc = clinician.page
  const doctorDialogs = watchDialogs(doc)
  await people.signInByApi(doc, okafor)
  await doc.goto(`${server.url}/clinician/inbox`)
  await doc.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor()
  await doc.getByRole('button', { name: /Side effects after the first week/ }).waitFor()
  await doc.evaluate(() => Object.assign(window, { sameDocument: true }))

  // --- Maria writes from a phone, with a photo ---
  const patient = await openPage(browser, server.url, PHONE)
  const { page } = patient
  const patientDialogs = watchDialogs(page)
  await people.signInByApi(page, maria)
  await page.goto(`${server.url}/patient/messages`)
  await page.getByRole('heading', { name: 'Messages', level: 1 }).waitFor()
  await page.getByRole('button', { name: 'New message' }).click()
  await page.getByLabel('Subject').fill(SUBJECT)
  await page.getByLabel('Message', { exact: true }).fill(BODY)
  const chooser = page.waitForEvent('filechooser')
  await page.getByRole('button', { name: 'Attach a photo or PDF' }).click()
  await (await chooser).setFiles({ name: FILE_NAME, mimeType: 'image/png', buffer: idCardPng(240, 150) })
  await page.getByRole('list', { name: 'Attached files' }).getByText(FILE_NAME).waitFor()
  await checkPage(patient, 'messages-patient-compose-phone')
  await page.getByRole('button', { name: 'Send', exact: true }).click()
  await page.getByRole('heading', { name: SUBJECT, level: 2 }).waitFor()
  await page.locator('.msg-bubble').getByText(FILE_NAME).waitFor()
  await assertInert(page, 'patient after sending')
  await checkPage(patient, 'messages-patient-sent-phone')

  // --- The open inbox shows it without a reload ---
  const item = doc.getByRole('button', { name: /Rash <img/ })
  await item.waitFor({ timeout: 10_000 })
  assert.equal(await doc.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument), true)
  await assert.doesNotReject(item.getByText('1 new').waitFor())
  await item.click()
  await doc.getByRole('heading', { name: SUBJECT, level: 2 }).waitFor()
  const bubble = doc.locator('.msg-bubble').filter({ hasText: 'My arm is worse.' })
  await bubble.getByText('<script>window.__xss=2;alert(2)</script>', { exact: false }).waitFor()
  const photo = bubble.getByRole('link', { name: FILE_NAME })
  assert.match((await photo.getAttribute('href')) ?? '', /^\/api\/documents\/[0-9a-f-]{36}\/content$/)
  const link = bubble.getByRole('link', { name: 'https://example.org/rash-advice' })
  assert.equal(await link.getAttribute('href'), 'https://example.org/rash-advice')
  assert.equal(await link.getAttribute('rel'), 'noopener noreferrer')
  assert.equal(await link.getAttribute('target'), '_blank')
  await assertInert(doc, 'clinician reading the message')

  // --- An internal note, then the reply ---
  await doc.getByLabel('Internal note for the team').check()
  await doc.getByLabel('Internal note (the patient never sees it)').fill(NOTE)
  await doc.getByRole('button', { name: 'Save note' }).click()
  await doc.locator('.msg-bubble--note').getByText(NOTE).waitFor()
  await doc.getByLabel('Reply to the patient').fill(REPLY)
  await doc.getByRole('button', { name: 'Send', exact: true }).click()
  await explainOnTimeout(doc, 'the reply in the clinician’s thread', () =>
    doc.locator('.msg-bubble--mine').getByText('Please stop the cream.', { exact: false }).waitFor(),
  )
  await checkPage(clinician, 'messages-clinician-thread-desktop')

  // --- Maria's open thread shows the reply without a reload; never the note ---
  await page
    .locator('.msg-bubble--theirs')
    .getByText('Please stop the cream.', { exact: false })
    .waitFor({ timeout: 10_000 })
  assert.equal(await page.getByText(NOTE).count(), 0, 'the internal note never reaches the patient')
  assert.equal(await page.getByText('Internal note').count(), 0)
  await page.getByRole('link', { name: 'https://clinic.example/skin-care' }).waitFor()
  await assertInert(page, 'patient reading the reply')
  await checkPage(patient, 'messages-patient-reply-phone')

  // Her reading shows as a receipt in the clinician's open thread, live.
  await doc
    .locator('.msg-bubble--mine')
    .filter({ hasText: 'Please stop the cream.' })
    .getByText(/^Read /)
    .waitFor({
      timeout: 10_000,
    })
  await screenshot(doc, 'messages-clinician-receipt-desktop')

  assert.deepEqual(patientDialogs, [], 'no dialog on the patient page')
  assert.deepEqual(doctorDialogs, [], 'no dialog on the clinician page')
  assertClean(patient, 'patient messages')
  assertClean(clinician, 'clinician inbox')
  await patient.context.close()
  await clinician.context.close()
})
