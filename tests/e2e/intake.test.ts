// Intake end to end, against the real `tessera start` on a seeded demo clinic: Maria, on a 360 px
// phone, fills in half of the medical cannabis intake and stops; on a desktop she continues exactly
// where she stopped, uploads her summary of care (a generated PDF) and submits, then answers PHQ-9
// and GAD-7. Reception puts Dr Okafor on her care team; he reads the answers with the score totals,
// the exclusion flag and the readiness ticks; reception sees readiness only; the admin imports a
// form (errors by path, then a new version). axe-core finds no serious violation on any screen.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Page } from 'playwright-core'
import { assertClean, checkPage as checkAnyPage, DemoPeople } from './demo-people.ts'
import { idCardPng, summaryPdf } from './document-fixtures.ts'
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
const signIn = (page: Page, person: ReturnType<typeof user>) => people.signInByApi(page, person)
const checkPage = (watched: WatchedPage, name: string) => checkAnyPage(watched, `intake-${name}`)

async function section(page: Page, position: number, title: string): Promise<void> {
  await page.getByText(`Section ${position} of 10`).waitFor()
  await page.getByRole('heading', { level: 2, name: title }).waitFor()
}

async function saved(page: Page): Promise<void> {
  await page.getByText(/All changes saved at/).waitFor()
}

const group = (page: Page, name: RegExp) => page.getByRole('group', { name })

test('Maria fills half the intake on her phone, finishes it on a desktop, the care team reads it', async () => {
  const maria = user('maria.garcia@patient.example')
  const okafor = user('dr.okafor@clinic.example')

  const reception = await openPage(browser, server.url, DESKTOP)
  await signIn(reception.page, user('reception@clinic.example'))
  const assign = await pageApi(reception.page, 'POST', '/api/care-team', {
    patientId: maria.id,
    clinicianId: okafor.id,
  })
  assert.equal(assign.status, 200, JSON.stringify(assign.body))

  // ---------- Phone: the first four sections, then she stops ----------
  const phone = await openPage(browser, server.url, PHONE)
  await signIn(phone.page, maria)
  await phone.page.goto(`${server.url}/patient/questionnaires`)
  const start = phone.page.getByRole('button', { name: 'Start: Medical cannabis: eligibility questionnaire' })
  await start.waitFor()
  await checkPage(phone, 'patient-list-phone')
  await start.click()
  await section(phone.page, 1, 'About you')
  await checkPage(phone, 'section-1-phone')

  // Continue without answering: the same rules as the server, inline and in a summary.
  await phone.page.getByRole('button', { name: 'Continue' }).click()
  await phone.page.getByText('2 answers need your attention').waitFor()
  assert.equal(await phone.page.getByText('Answer this question.', { exact: true }).count(), 2)
  await checkPage(phone, 'section-1-errors-phone')

  await group(phone.page, /Sex registered at birth/)
    .getByLabel('Female')
    .check()
  await group(phone.page, /pregnant/)
    .getByLabel('No')
    .check()
  // enableWhen, live: "male" hides the pregnancy question; back to "female" shows it again.
  await group(phone.page, /Sex registered at birth/)
    .getByLabel('Male', { exact: true })
    .check()
  await group(phone.page, /pregnant/).waitFor({ state: 'detached' })
  await group(phone.page, /Sex registered at birth/)
    .getByLabel('Female')
    .check()
  await group(phone.page, /pregnant/)
    .getByLabel('No')
    .check()
  await phone.page.getByLabel(/Your weight in kilograms/).fill('68')
  await phone.page.getByRole('button', { name: 'Continue' }).click()

  await section(phone.page, 2, 'Your condition')
  const condition = phone.page.getByLabel(/Which condition are you seeking/)
  await condition.selectOption({ label: 'Another condition' })
  await phone.page.getByLabel(/^Which condition\? \(required\)/).waitFor()
  await condition.selectOption({ label: 'Chronic pain' })
  await phone.page.getByLabel(/^Which condition\? \(required\)/).waitFor({ state: 'detached' })
  await phone.page.getByLabel(/When was it diagnosed/).fill('2019-05-01')
  await checkPage(phone, 'section-2-phone')
  await phone.page.getByRole('button', { name: 'Continue' }).click()

  await section(phone.page, 3, 'How your symptoms affect you')
  for (const [label, value] of [
    ['Pain', '8'],
    ['Sleep problems', '6'],
    ['Low mood', '4'],
    ['Anxiety', '3'],
    ['Effect on your daily life', '7'],
  ] as const)
    await phone.page.getByLabel(new RegExp(`^${label} \\(required\\)`)).selectOption({ label: value })
  await phone.page.getByLabel(/Tell us how your symptoms limit/).fill('I cannot walk to the shops.')
  await checkPage(phone, 'section-3-phone')
  await phone.page.getByRole('button', { name: 'Continue' }).click()

  await section(phone.page, 4, 'Treatments you have tried')
  await phone.page.getByLabel('Paracetamol').check()
  await phone.page.getByLabel(/Opioids/).check()
  await phone.page
    .getByLabel(/What happened when you took opioids/)
    .fill('Constipation, stopped after a month.')
  await group(phone.page, /how did these treatments work/)
    .getByLabel('They did not help')
    .check()
  await checkPage(phone, 'section-4-phone')
  await phone.page.getByRole('button', { name: 'Continue' }).click()
  await section(phone.page, 5, 'Mental health')
  await saved(phone.page)
  await checkPage(phone, 'stopped-phone')
  assertClean(phone, 'phone')
  await phone.context.close()

  // ---------- Desktop: exactly where she stopped ----------
  const desktop = await openPage(browser, server.url, DESKTOP)
  await signIn(desktop.page, maria)
  await desktop.page.goto(`${server.url}/patient/questionnaires`)
  await desktop.page.getByText(/In progress: \d+% answered/).waitFor()
  await checkPage(desktop, 'patient-list-in-progress-desktop')
  await desktop.page
    .getByRole('button', { name: 'Continue: Medical cannabis: eligibility questionnaire' })
    .click()
  await section(desktop.page, 5, 'Mental health')
  // Her earlier answers are there.
  await desktop.page.getByRole('button', { name: 'Back' }).click()
  await section(desktop.page, 4, 'Treatments you have tried')
  assert.ok(await desktop.page.getByLabel('Paracetamol').isChecked())
  await desktop.page.getByRole('button', { name: 'Continue' }).click()

  await section(desktop.page, 5, 'Mental health')
  await group(desktop.page, /psychosis/)
    .getByLabel('Yes')
    .check()
  await desktop.page.getByLabel(/Please tell us when/).fill('One episode in 2010, treated in hospital.')
  await desktop.page.getByRole('button', { name: 'Continue' }).click()

  await section(desktop.page, 6, 'Your medicines')
  await group(desktop.page, /Do you take any medicines/)
    .getByLabel('Yes')
    .check()
  await group(desktop.page, /^Medicine 1/)
    .getByLabel(/^Name/)
    .fill('Sertraline')
  await group(desktop.page, /^Medicine 1/)
    .getByLabel(/^Dose and how often/)
    .fill('50 mg every morning')
  await desktop.page.getByRole('button', { name: 'Add another medicine' }).click()
  await group(desktop.page, /^Medicine 2/)
    .getByLabel(/^Name/)
    .fill('Ibuprofen')
  await desktop.page.getByRole('button', { name: 'Add another medicine' }).click()
  await group(desktop.page, /^Medicine 3/)
    .getByLabel(/^Name/)
    .fill('Codeine')
  await checkPage(desktop, 'section-6-repeats-desktop')
  // Removing the second entry moves the third up, answers and all.
  await desktop.page.getByRole('button', { name: 'Remove medicine 2' }).click()
  await group(desktop.page, /^Medicine 3/).waitFor({ state: 'detached' })
  assert.equal(
    await group(desktop.page, /^Medicine 2/)
      .getByLabel(/^Name/)
      .inputValue(),
    'Codeine',
  )
  await desktop.page.getByRole('button', { name: 'Continue' }).click()

  await section(desktop.page, 7, 'Allergies')
  await group(desktop.page, /Do you have any allergies/)
    .getByLabel('No')
    .check()
  await checkPage(desktop, 'section-7-desktop')
  await desktop.page.getByRole('button', { name: 'Continue' }).click()

  await section(desktop.page, 8, 'Your GP')
  await group(desktop.page, /registered with a GP/)
    .getByLabel('Yes')
    .check()
  await desktop.page.getByLabel(/^Practice name/).fill('Riverside Surgery')
  await desktop.page.getByLabel(/^Practice address/).fill('1 River Road, Riverside')
  await desktop.page.getByLabel(/^Practice phone number/).fill('01234 567890')
  await group(desktop.page, /May we tell your GP/)
    .getByLabel('Yes')
    .check()
  await checkPage(desktop, 'section-8-desktop')
  await desktop.page.getByRole('button', { name: 'Continue' }).click()

  await section(desktop.page, 9, 'Documents')
  await desktop.page
    .locator('input[type="file"]')
    .first()
    .setInputFiles({ name: 'summary-of-care.pdf', mimeType: 'application/pdf', buffer: summaryPdf() })
  await desktop.page.getByText('“summary-of-care.pdf” is uploaded and attached to your answers.').waitFor()
  await checkPage(desktop, 'section-9-upload-desktop')
  await desktop.page.getByRole('button', { name: 'Continue' }).click()

  await section(desktop.page, 10, 'Declaration')
  await group(desktop.page, /I confirm the information/)
    .getByLabel('Yes')
    .check()
  await checkPage(desktop, 'section-10-desktop')
  await desktop.page.getByRole('button', { name: 'Submit answers' }).click()
  await desktop.page
    .getByText(/Your answers to “Medical cannabis: eligibility questionnaire” were sent/)
    .waitFor()
  await checkPage(desktop, 'submitted-desktop')

  // PHQ-9 (total 13, moderate; item 9 above 0) and GAD-7 (total 7, mild), in the same renderer.
  const answerAll = async (title: string, picks: readonly string[]) => {
    await desktop.page.getByRole('button', { name: `Start: ${title}` }).click()
    // One section: no "Section 1 of 1", the questions straight away.
    await desktop.page.getByRole('heading', { level: 2, name: /Over the last 2 weeks/ }).waitFor()
    assert.equal(await desktop.page.getByText(/Section \d+ of/).count(), 0)
    const groups = desktop.page.getByRole('group')
    for (const [i, pick] of picks.entries()) await groups.nth(i).getByLabel(pick, { exact: true }).check()
  }
  const scale = ['Not at all', 'Several days', 'More than half the days', 'Nearly every day']
  await answerAll(
    'Patient Health Questionnaire (PHQ-9)',
    [1, 2, 3, 0, 1, 2, 3, 0, 1].map((n) => scale[n]!),
  )
  await checkPage(desktop, 'phq9-desktop')
  await desktop.page.getByRole('button', { name: 'Submit answers' }).click()
  await desktop.page.getByText(/Your answers to “Patient Health Questionnaire \(PHQ-9\)” were sent/).waitFor()
  await answerAll(
    'Generalized Anxiety Disorder 7-item scale (GAD-7)',
    [1, 1, 1, 1, 1, 1, 1].map((n) => scale[n]!),
  )
  await checkPage(desktop, 'gad7-desktop')
  await desktop.page.getByRole('button', { name: 'Submit answers' }).click()
  await desktop.page.getByText(/Your answers to “Generalized Anxiety/).waitFor()
  await desktop.page
    .getByText(/Sent to the clinic on/)
    .nth(2)
    .waitFor()
  assert.equal(await desktop.page.getByText(/Sent to the clinic on/).count(), 3)
  await checkPage(desktop, 'patient-list-submitted-desktop')
  // Her own answers, read back (read-only; no scores or flags on the patient's side).
  await desktop.page
    .getByRole('button', { name: 'View your answers: Medical cannabis: eligibility questionnaire' })
    .click()
  await desktop.page.getByText('Riverside Surgery').waitFor()
  assert.equal(await desktop.page.getByText('Exclusion flag').count(), 0)
  await checkPage(desktop, 'patient-answers-desktop')
  await desktop.page.getByRole('button', { name: 'Back to your questionnaires' }).click()
  await desktop.page.getByRole('heading', { level: 1, name: 'Questionnaires' }).waitFor()

  // Consent and an ID photo (through the consent and document routes), so readiness can be complete.
  const consents = await pageApi(desktop.page, 'GET', '/api/consents')
  for (const item of consents.body['items'] as Array<{ kind: string; text: { id: string } | null }>) {
    if (item.kind === 'gp-sharing' || !item.text) continue
    const accepted = await pageApi(desktop.page, 'POST', '/api/consents', {
      textId: item.text.id,
      answer: 'accept',
    })
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body))
  }
  const idPhoto = await desktop.page.evaluate(
    async ({ patientId, bytes }) => {
      const form = new FormData()
      form.append('category', 'identity')
      form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'id-card.png')
      const res = await fetch(`/api/patients/${patientId}/documents`, {
        method: 'POST',
        body: form,
        credentials: 'same-origin',
        headers: { 'x-tessera-request': '1' },
      })
      return res.status
    },
    { patientId: maria.id, bytes: [...idCardPng(160, 100)] },
  )
  assert.equal(idPhoto, 201)
  assertClean(desktop, 'desktop')
  await desktop.context.close()

  // ---------- Dr Okafor: readiness, then the answers ----------
  const clinician = await openPage(browser, server.url, DESKTOP)
  await signIn(clinician.page, okafor)
  await clinician.page.goto(`${server.url}/clinician/intake`)
  await clinician.page
    .getByLabel('Patient', { exact: true })
    .selectOption({ label: `${maria.displayName} (${maria.email})` })
  await clinician.page.getByText('Intake complete: yes').waitFor()
  await clinician.page.getByText('Documents verified: no').waitFor()
  await clinician.page
    .getByText('Photo ID: uploaded, waiting to be checked; Summary of care: uploaded, waiting to be checked')
    .waitFor()
  const documents = await pageApi(clinician.page, 'GET', `/api/patients/${maria.id}/documents`)
  for (const doc of documents.body['documents'] as Array<{ id: string }>) {
    const verified = await pageApi(clinician.page, 'POST', `/api/documents/${doc.id}/review`, {
      status: 'verified',
    })
    assert.equal(verified.status, 200, JSON.stringify(verified.body))
  }
  await clinician.page.reload()
  await clinician.page
    .getByLabel('Patient', { exact: true })
    .selectOption({ label: `${maria.displayName} (${maria.email})` })
  await clinician.page.getByText('Ready: nothing is missing.').waitFor()
  for (const line of ['Consent given: yes', 'Intake complete: yes', 'Documents verified: yes'])
    await clinician.page.getByText(line).waitFor()
  await clinician.page.getByText('PHQ-9 total:').waitFor()
  const phq = clinician.page.locator('.intake-score').filter({ hasText: 'PHQ-9' })
  assert.match(await phq.innerText(), /PHQ-9 total: 13 of 27\s+Moderate/)
  assert.match(await phq.innerText(), /Thoughts of self-harm/)
  const gad = clinician.page.locator('.intake-score').filter({ hasText: 'GAD-7' })
  assert.match(await gad.innerText(), /GAD-7 total: 7 of 21\s+Mild/)
  const cannabis = clinician.page.getByRole('article').filter({ hasText: 'Medical cannabis' })
  assert.match(await cannabis.innerText(), /History of psychosis/)
  assert.match(await cannabis.innerText(), /Sertraline/)
  assert.match(await cannabis.innerText(), /Codeine/)
  assert.doesNotMatch(await cannabis.innerText(), /Ibuprofen/)
  assert.match(await cannabis.innerText(), /summary-of-care\.pdf/)
  await checkPage(clinician, 'clinician-desktop')
  assertClean(clinician, 'clinician')
  await clinician.context.close()

  // ---------- Reception: readiness, no answers ----------
  await reception.page.goto(`${server.url}/clinician/intake`)
  await reception.page
    .getByLabel('Patient', { exact: true })
    .selectOption({ label: `${maria.displayName} (${maria.email})` })
  await reception.page.getByText('Ready: nothing is missing.').waitFor()
  assert.equal(await reception.page.getByText('Intake answers').count(), 0)
  assert.equal(await reception.page.getByText('Sertraline').count(), 0)
  await checkPage(reception, 'reception-desktop')
  assertClean(reception, 'reception')
  await reception.context.close()
})

test('the admin imports a form: errors by path, then a new version kept beside the old one', async () => {
  const admin = await openPage(browser, server.url, DESKTOP)
  await signIn(admin.page, user('admin@clinic.example'))
  await admin.page.goto(`${server.url}/admin/forms`)
  await admin.page.getByText('urn:tessera:questionnaire:phq-9').waitFor()
  const json = admin.page.getByLabel('Questionnaire JSON')
  await json.fill(
    JSON.stringify({
      resourceType: 'Questionnaire',
      url: 'urn:tessera:questionnaire:phq-9',
      status: 'active',
      item: [
        { linkId: 'a', text: 'A', type: 'string' },
        { linkId: 'a', text: 'B', type: 'string' },
      ],
    }),
  )
  await admin.page.getByRole('button', { name: 'Import' }).click()
  await admin.page.getByText('Not imported').waitFor()
  await admin.page.getByText('item[1].linkId', { exact: true }).waitFor()
  await admin.page.getByText('version', { exact: true }).waitFor()
  await checkPage(admin, 'admin-import-errors-desktop')

  const phq9 = await admin.page.evaluate(async () => {
    const list = (await (await fetch('/api/intake/forms')).json()) as {
      forms: Array<{ url: string; versions: Array<{ id: string }> }>
    }
    const id = list.forms.find((f) => f.url === 'urn:tessera:questionnaire:phq-9')!.versions[0]!.id
    return (await fetch(`/api/intake/questionnaires/${id}`)).json() as Promise<Record<string, unknown>>
  })
  const { id: _id, meta: _meta, ...next } = phq9
  await json.fill(
    JSON.stringify({ ...next, version: '2', title: 'Patient Health Questionnaire (PHQ-9), 2026 wording' }),
  )
  await admin.page.getByRole('button', { name: 'Import' }).click()
  await admin.page
    .getByText('Imported “Patient Health Questionnaire (PHQ-9), 2026 wording”, version 2.')
    .waitFor()
  const phqItem = admin.page
    .getByRole('listitem')
    .filter({ hasText: 'urn:tessera:questionnaire:phq-9' })
    .first()
  await phqItem.getByText(/^Version 2: active/).waitFor()
  await phqItem.getByText(/^Version 1: active/).waitFor()
  await checkPage(admin, 'admin-forms-desktop')
  // The refused import is the one 400 this test provokes on purpose.
  assertClean(admin, 'admin', [/status of 400/])
  await admin.context.close()
})
