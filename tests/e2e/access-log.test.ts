// "Who viewed my record", end to end against the real `tessera start` on a seeded demo clinic:
// reception puts Dr Okafor on Maria's care team, Dr Okafor opens her record, Maria (on a 360 px
// phone) sees it on her Privacy page in plain words; the privacy officer finds the same read on the
// Audit page and exports it as CSV after confirming her second factor (the step-up dialog).
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { openDatabase } from '../../apps/server/src/platform/db/database.ts'
import { DESKTOP, launchBrowser, openPage, PHONE, screenshot, type RunningTessera } from './harness.ts'
import { pageApi, startSeededTessera, type SeededTessera } from './seeded.ts'
import { assertClean, checkPage, DemoPeople } from './demo-people.ts'

let server: RunningTessera
let browser: Browser
let seeded: SeededTessera
let people: DemoPeople

before(async () => {
  seeded = await startSeededTessera()
  server = seeded.server
  people = new DemoPeople(seeded.users, () => server.url)
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

test('a clinician on the care team opens the record; the patient sees who, role, what and why', async () => {
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

  const clinician = await openPage(browser, server.url, DESKTOP)
  await people.signInByApi(clinician.page, okafor)
  const opened = await pageApi(clinician.page, 'GET', `/api/patients/${maria.id}`)
  assert.equal(opened.status, 200, JSON.stringify(opened.body))
  await clinician.context.close()

  const patient = await openPage(browser, server.url, PHONE)
  try {
    await people.signInByForm(patient.page, maria)
    await patient.page.waitForURL(/\/patient\//)
    await patient.page.goto(`${server.url}/patient/privacy`)
    await patient.page.getByRole('heading', { name: 'Who viewed my record' }).waitFor()
    const item = patient.page.getByRole('listitem').filter({ hasText: 'Dr Ada Okafor' })
    await item.waitFor()
    const text = await item.innerText()
    assert.match(text, /Clinician/)
    assert.match(text, /Your details/)
    assert.match(text, /part of your care team/)
    assert.ok(!(await patient.page.getByText('No one has opened your record yet.').isVisible()))
    const own = patient.page.getByRole('listitem').filter({ hasText: 'Maria Garcia' })
    assert.equal(await own.count(), 0, 'her own views are not listed')
    await checkPage(patient, 'access-log-patient-privacy-phone')
    assertClean(patient, 'patient privacy page')
  } finally {
    await patient.context.close()
  }

  // A patient nobody has looked at sees the empty state, not someone else's log.
  const tom = await openPage(browser, server.url, PHONE)
  try {
    await people.signInByApi(tom.page, people.user('tom.nguyen@patient.example'))
    await tom.page.goto(`${server.url}/patient/privacy`)
    await tom.page.getByText('No one has opened your record yet.').waitFor()
    assert.equal(await tom.page.getByText('Dr Ada Okafor').count(), 0)
    assertClean(tom, 'empty privacy page')
  } finally {
    await tom.context.close()
  }
})

test('the privacy officer finds the read on the Audit page and exports CSV after step-up', async () => {
  const officer = people.user('privacy@clinic.example')
  const admin = await openPage(browser, server.url, DESKTOP)
  try {
    const { page } = admin
    await people.signInByApi(page, officer)
    await page.goto(`${server.url}/admin/audit`)
    await page.getByRole('heading', { name: 'Audit', level: 1 }).waitFor()
    await page.getByRole('table').waitFor()

    const patientBox = page.getByRole('combobox', { name: /^Patient/ })
    await patientBox.fill('Maria')
    await page.getByRole('option', { name: /Maria Garcia/ }).click()
    assert.equal(await patientBox.inputValue(), 'Maria Garcia', 'the picked name shows in the field')
    await page.getByLabel(/^Action/).fill('patient.read')
    await page.getByRole('button', { name: 'Search' }).click()
    await page.getByText('Events 1–1', { exact: true }).waitFor()
    const row = page.getByRole('row').filter({ hasText: 'Dr Ada Okafor' })
    await row.waitFor()
    const rowText = await row.innerText()
    assert.match(rowText, /patient\.read/)
    assert.match(rowText, /Maria Garcia/)
    assert.match(rowText, /Care team/)
    assert.equal(await page.getByRole('row').count(), 2, 'a header row and the one read')
    await checkPage(admin, 'access-log-admin-audit-desktop')

    // Make her last second factor older than 5 minutes (S17) without waiting: the server is
    // stopped, her session's factor time moved back, and the server started again on the same data.
    await server.stop()
    const handle = await openDatabase({ embeddedDir: join(seeded.dataDir, 'db') })
    await handle.db
      .updateTable('session')
      .set({ mfa_at: new Date(Date.now() - 10 * 60_000) })
      .where('account_id', '=', officer.id)
      .execute()
    await handle.close()
    server = await seeded.restart()

    await page.getByRole('button', { name: 'Export CSV' }).click()
    const dialog = page.getByRole('dialog', { name: /Confirm it/ })
    await dialog.waitFor()
    await dialog.getByLabel('Code from your authenticator app').fill(people.freshCode(officer))
    await screenshot(page, 'access-log-admin-step-up')
    const downloading = page.waitForEvent('download')
    await dialog.getByRole('button', { name: 'Confirm' }).click()
    const download = await downloading
    assert.match(download.suggestedFilename(), /^tessera-audit-\d{8}T\d{6}Z\.csv$/)
    const csv = readFileSync(await download.path(), 'utf8')
    const [header, ...lines] = csv.trimEnd().split('\r\n')
    assert.match(
      header!,
      /^id,time,action,outcome,actor_id,actor_name,actor_role,patient_id,patient_name,purpose/,
    )
    assert.equal(lines.length, 1, csv)
    assert.match(
      lines[0]!,
      /patient\.read,success,[0-9a-f-]+,Dr Ada Okafor,clinician,[0-9a-f-]+,Maria Garcia,care-team/,
    )
    await page.getByText(/Downloaded tessera-audit-.*\.csv/).waitFor()

    // The same page on a phone: one card per event, nothing sideways.
    await page.setViewportSize({ width: PHONE.width, height: PHONE.height })
    await checkPage(admin, 'access-log-admin-audit-phone')
    assertClean(admin, 'audit page', [/status of 403/])
  } finally {
    await admin.context.close()
  }
})
