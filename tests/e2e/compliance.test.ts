// The compliance centre on the seeded demo clinic, against the real `tessera start`: the admin opens
// the page and sees live evidence (MFA figures from the demo accounts, the audit chain verified, no
// AI, the processors register); a privacy officer sees the same. axe finds no serious violation on a
// desktop or a phone, nothing leaves our origin.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser } from 'playwright-core'
import { assertClean, checkPage, DemoPeople } from './demo-people.ts'
import { DESKTOP, launchBrowser, openPage, PHONE, type RunningTessera } from './harness.ts'
import { startSeededTessera } from './seeded.ts'

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

test('the admin sees the checklist with real evidence for the demo clinic', async () => {
  const admin = await openPage(browser, server.url, DESKTOP)
  await people.signInByApi(admin.page, people.user('admin@clinic.example'))
  await admin.page.goto(`${server.url}/admin/compliance`)
  const checks = admin.page.locator('.compliance-list')
  await checks.waitFor({ timeout: 60_000 })
  const mfa = admin.page.getByRole('listitem', { name: /Is MFA required/ })
  assert.match(
    (await mfa.textContent()) ?? '',
    /Clinicians: \d+ of \d+ enrolled \(\d+%\); Patients: \d+ of \d+ enrolled/,
  )
  const audit = admin.page.getByRole('listitem', { name: /clear audit trail/ })
  assert.match((await audit.textContent()) ?? '', /^Pass.*Chain verified at .*: \d+ events/s)
  const ai = admin.page.getByRole('listitem', { name: /AI feature/ })
  assert.match((await ai.textContent()) ?? '', /None\. Tessera has no AI features/)
  assert.equal(await admin.page.locator('.compliance-check').count(), 12)
  await admin.page.getByRole('heading', { name: 'Processors' }).waitFor()
  await checkPage(admin, 'compliance-admin-desktop')
  assertClean(admin, 'admin')
  await admin.context.close()
})

test('the privacy officer sees it too, on a phone', async () => {
  const officer = await openPage(browser, server.url, PHONE)
  await people.signInByApi(officer.page, people.user('privacy@clinic.example'))
  await officer.page.goto(`${server.url}/admin/compliance`)
  await officer.page
    .getByRole('listitem', { name: /Does every outbound destination map/ })
    .waitFor({ timeout: 60_000 })
  await checkPage(officer, 'compliance-officer-phone')
  assertClean(officer, 'privacy officer')
  await officer.context.close()
})
