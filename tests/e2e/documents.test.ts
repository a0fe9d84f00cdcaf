// The document vault end to end, against the real `tessera start` on a seeded demo clinic:
// reception puts Dr Okafor on Maria's care team; Maria, on a 360 px phone, uploads a photo of her ID
// (watched on a slowed-down connection: progress in bytes and percent up to 100%) and a PDF summary
// of care, and a fake PDF is refused in place; Dr Okafor, on a desktop, previews the photo (a blob:
// image) and the PDF (drawn by pdf.js on a canvas), asks for the photo again with a reason and
// verifies the PDF; Maria then reads both outcomes in plain words.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Page } from 'playwright-core'
import { idCardPng, summaryPdf } from './document-fixtures.ts'
import { DESKTOP, launchBrowser, openPage, PHONE, screenshot, type RunningTessera } from './harness.ts'
import { pageApi, startSeededTessera } from './seeded.ts'
import { assertClean, checkPage, DemoPeople } from './demo-people.ts'

let server: RunningTessera
let browser: Browser
let people: DemoPeople

const REASON = 'The photo is blurred; the date of birth cannot be read.'

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

/** Records every value the upload's <progress> shows and every "x of y" line, as they change. */
async function recordProgress(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const log = { values: [] as number[], figures: [] as string[], said: [] as string[] }
    Object.assign(window, { uploadLog: log })
    new MutationObserver(() => {
      const bar = document.querySelector('progress')
      if (bar && log.values.at(-1) !== bar.value) log.values.push(bar.value)
      const figures = document.querySelector('.upload-progress__figures')?.textContent
      if (figures && log.figures.at(-1) !== figures) log.figures.push(figures)
      const said = document.querySelector('.upload p.visually-hidden[role="status"]')?.textContent
      if (said && log.said.at(-1) !== said) log.said.push(said)
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true })
  })
}

async function uploadLog(page: Page): Promise<{ values: number[]; figures: string[]; said: string[] }> {
  return page.evaluate(() => (window as unknown as { uploadLog: never }).uploadLog)
}

/** Picks a file through the visible button, as a person does (the picker is answered by the test). */
async function upload(page: Page, button: string, file: { name: string; mimeType: string; buffer: Buffer }) {
  const chooser = page.waitForEvent('filechooser')
  await page.getByRole('button', { name: button }).click()
  await (await chooser).setFiles(file)
}

test('a patient uploads from her phone; the clinician previews, reviews; she sees the outcome', async () => {
  const maria = people.user('maria.garcia@patient.example')
  const okafor = people.user('dr.okafor@clinic.example')

  const reception = await openPage(browser, server.url, DESKTOP)
  await people.signInByApi(reception.page, people.user('reception@clinic.example'))
  const assign = await pageApi(reception.page, 'POST', '/api/care-team', {
    patientId: maria.id,
    clinicianId: okafor.id,
  })
  assert.equal(assign.status, 200, JSON.stringify(assign.body))
  await reception.context.close()

  // --- Maria uploads, on a phone, on a slow connection ---
  const patient = await openPage(browser, server.url, PHONE)
  const { page } = patient
  await recordProgress(page)
  await people.signInByApi(page, maria)
  await page.goto(`${server.url}/patient/documents`)
  await page.getByRole('heading', { name: 'Documents', level: 1 }).waitFor()
  await page.getByText('Nothing uploaded yet.').waitFor()
  await checkPage(patient, 'documents-patient-empty-phone')

  // Without a category the picker does not open; the field says why.
  await page.getByRole('button', { name: 'Take a photo' }).click()
  await page.getByText('Choose what kind of document this is first.').waitFor()
  assert.equal(await page.getByLabel('What is it?').evaluate((el) => el === document.activeElement), true)

  const cdp = await patient.context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 20,
    downloadThroughput: -1,
    uploadThroughput: 12 * 1024,
  })
  const png = idCardPng()
  await page.getByLabel('What is it?').selectOption('identity')
  await upload(page, 'Take a photo', { name: 'id-card.png', mimeType: 'image/png', buffer: png })
  const bar = page.getByRole('progressbar', { name: /Uploading id-card\.png/ })
  await bar.waitFor()
  await page.waitForFunction(() => {
    const value = document.querySelector('progress')?.value ?? 0
    return value >= 20 && value < 100
  })
  await screenshot(page, 'documents-patient-uploading-phone')
  await page.getByText('“id-card.png” is uploaded. The clinic will check it.').waitFor({ timeout: 30_000 })
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  })

  const log = await uploadLog(page)
  assert.equal(log.values.at(-1), 100, `progress ends at 100%: ${JSON.stringify(log.values)}`)
  assert.ok(
    log.values.some((v) => v > 0 && v < 100),
    `progress shows steps on the way: ${JSON.stringify(log.values)}`,
  )
  assert.ok(
    log.figures.some((f) => new RegExp(`\\d+ KB of ${Math.round(png.length / 1024)} KB\\s*\\d+%`).test(f)),
    `bytes and percent in words: ${JSON.stringify(log.figures)}`,
  )
  assert.ok(
    log.said.some((s) => /100% sent/.test(s)),
    `completion is announced: ${JSON.stringify(log.said)}`,
  )

  // The server refuses a file that only claims to be a PDF; the error shows in place.
  await page.getByLabel('What is it?').selectOption('letter')
  await upload(page, 'Choose a file', {
    name: 'not-really.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('This is plain text, not a PDF.\n'),
  })
  const refused = page.getByRole('alert').filter({ hasText: '“not-really.pdf” was not uploaded' })
  await refused.waitFor()
  await checkPage(patient, 'documents-patient-refused-phone')

  await page.getByLabel('What is it?').selectOption('summary-of-care')
  await upload(page, 'Choose a file', {
    name: 'summary-of-care.pdf',
    mimeType: 'application/pdf',
    buffer: summaryPdf(),
  })
  await page.getByText('“summary-of-care.pdf” is uploaded. The clinic will check it.').waitFor()
  const items = page.getByRole('list', { name: 'Your documents' }).getByRole('listitem')
  await items.filter({ hasText: 'summary-of-care.pdf' }).waitFor()
  assert.equal(await items.count(), 2, 'the two real documents; the refused one is not listed')
  for (const name of ['id-card.png', 'summary-of-care.pdf']) {
    const text = await items.filter({ hasText: name }).innerText()
    assert.match(text, /Received — the clinic will check it/)
    assert.doesNotMatch(text, /scan/i, 'the scan status is for staff only')
  }
  await checkPage(patient, 'documents-patient-uploaded-phone')
  assertClean(patient, 'patient documents page', [/status of 41[35]|status of 400/])
  await patient.context.close()

  // --- Dr Okafor reviews, on a desktop ---
  const clinician = await openPage(browser, server.url, DESKTOP)
  const doc = clinician.page
  await people.signInByApi(doc, okafor)
  await doc.goto(`${server.url}/clinician/documents`)
  await doc.getByRole('heading', { name: 'Documents', level: 1 }).waitFor()
  await doc.getByLabel('Patient', { exact: true }).selectOption(maria.id)
  const list = doc.getByRole('list', { name: 'Uploaded documents' })
  await list.getByRole('listitem').filter({ hasText: 'id-card.png' }).waitFor()
  const photoItem = await list.getByRole('listitem').filter({ hasText: 'id-card.png' }).innerText()
  assert.match(photoItem, /Received/)
  assert.match(photoItem, /Scanned: clean|Not scanned/, 'staff see the scan status')

  await doc.getByRole('button', { name: 'Open id-card.png' }).click()
  const image = doc.getByRole('img', { name: 'Preview of id-card.png' })
  await image.waitFor()
  await doc.waitForFunction(() => {
    const img = document.querySelector<HTMLImageElement>('.doc-preview__image')
    return img !== null && img.complete && img.naturalWidth > 0
  })
  assert.match((await image.getAttribute('src')) ?? '', /^blob:/)
  assert.equal(await image.evaluate((img: HTMLImageElement) => img.naturalWidth), 480)
  assert.equal(
    await doc.getByRole('heading', { name: 'id-card.png' }).evaluate((el) => el === document.activeElement),
    true,
    'focus moves to the opened document',
  )
  await checkPage(clinician, 'documents-clinician-image-desktop')

  await doc.getByRole('button', { name: 'Ask for a re-upload' }).click()
  const dialog = doc.getByRole('dialog', { name: 'Ask for a re-upload' })
  await dialog.getByLabel('Reason').fill(REASON)
  await screenshot(doc, 'documents-clinician-reupload-dialog')
  await dialog.getByRole('button', { name: 'Send to the patient' }).click()
  await doc.getByText('The patient is asked to upload “id-card.png” again.').waitFor()
  await list.getByRole('listitem').filter({ hasText: 'id-card.png' }).getByText('Upload again').waitFor()

  await doc.getByRole('button', { name: 'Open summary-of-care.pdf' }).click()
  const canvas = doc.getByRole('img', { name: 'summary-of-care.pdf, page 1 of 1' })
  await canvas.waitFor()
  await doc.getByText('1 page', { exact: true }).waitFor()
  const inked = await doc.waitForFunction(
    () => {
      const el = document.querySelector<HTMLCanvasElement>('canvas.doc-preview__page')
      const ctx = el?.getContext('2d')
      if (!el || !ctx || el.width === 0) return 0
      const { data } = ctx.getImageData(0, 0, el.width, el.height)
      let dark = 0
      for (let i = 0; i < data.length; i += 4) if (data[i]! < 128 && data[i + 3]! > 0) dark++
      return dark > 1000 ? dark : 0
    },
    undefined,
    { timeout: 15_000 },
  )
  assert.ok((await inked.jsonValue()) > 1000, 'the PDF is drawn: the canvas has ink on it')
  await checkPage(clinician, 'documents-clinician-pdf-desktop')

  await doc.getByRole('button', { name: 'Verify' }).click()
  await doc.getByText('“summary-of-care.pdf” is verified. The patient can see that.').waitFor()
  await list.getByRole('listitem').filter({ hasText: 'summary-of-care.pdf' }).getByText('Verified').waitFor()
  await doc.getByText(/^Verified by Dr Ada Okafor on .+\.$/).waitFor()
  await checkPage(clinician, 'documents-clinician-reviewed-desktop')
  await doc.setViewportSize({ width: PHONE.width, height: PHONE.height })
  await checkPage(clinician, 'documents-clinician-reviewed-phone')
  assertClean(clinician, 'clinician documents page')
  await clinician.context.close()

  // --- Maria reads the outcome ---
  const back = await openPage(browser, server.url, PHONE)
  await people.signInByApi(back.page, maria)
  await back.page.goto(`${server.url}/patient/documents`)
  const mine = back.page.getByRole('list', { name: 'Your documents' }).getByRole('listitem')
  await mine.filter({ hasText: 'id-card.png' }).getByText(`Please upload again: ${REASON}`).waitFor()
  await mine
    .filter({ hasText: 'summary-of-care.pdf' })
    .getByText(/^Verified by Dr Ada Okafor on .+/)
    .waitFor()
  await checkPage(back, 'documents-patient-outcome-phone')

  // "Upload again" takes her back to the form with the same kind of document chosen.
  await mine.filter({ hasText: 'id-card.png' }).getByRole('button', { name: 'Upload again' }).click()
  assert.equal(await back.page.getByLabel('What is it?').inputValue(), 'identity')
  assertClean(back, 'patient outcome page')
  await back.context.close()
})
