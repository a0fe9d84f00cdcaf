// The compliance centre on the seeded demo clinic, against the real `tessera start`: the admin opens
// the page and sees live evidence (MFA figures from the demo accounts, the audit chain verified, no
// AI, the processors register); a privacy officer sees the same, read only. The admin adds a
// processor with a bad host (the server's 400 shows at that field), fixes it, and the agreements
// check changes; signing the agreement and removing it (after a confirmation) change it back. axe
// finds no serious violation on a desktop or a phone, nothing leaves our origin.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser } from 'playwright-core'
import { assertClean, checkPage, DemoPeople } from './demo-people.ts'
import { DESKTOP, launchBrowser, openPage, PHONE, type RunningTessera } from './harness.ts'
import { pageApi, startSeededTessera } from './seeded.ts'

let server: RunningTessera
let browser: Browser
let people: DemoPeople

before(async () => {
  // A mail relay outside the register: the egress check fails until the admin registers it.
  const seeded = await startSeededTessera({ SMTP_HOST: 'smtp.northwind.example' })
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

test('the admin adds a processor: a bad host is refused at its field; the checks follow the register', async () => {
  const admin = await openPage(browser, server.url, DESKTOP)
  const { page } = admin
  await people.signInByApi(page, people.user('admin@clinic.example'))
  await page.goto(`${server.url}/admin/compliance`)
  const agreements = page.getByRole('listitem', { name: /current DPA\/BAA/ })
  const egress = page.getByRole('listitem', { name: /outbound destination map/ })
  await agreements.waitFor({ timeout: 60_000 })
  assert.match((await agreements.textContent()) ?? '', /^Pass/)
  assert.match((await egress.textContent()) ?? '', /^Fail.*smtp\.northwind\.example \(SMTP_HOST\)/s)

  await page.getByRole('button', { name: 'Add a processor' }).click()
  const dialog = page.getByRole('dialog', { name: 'Add a processor' })
  await dialog.getByLabel('Name').fill('Northwind Mail')
  await dialog.getByLabel('Purpose').fill('Sends sign-in codes and appointment reminders by email')
  await dialog.getByLabel('Data categories').fill('email addresses, appointment times')
  await dialog.getByLabel('Region').fill('UK')
  await dialog.getByLabel('Hosts').fill('https://smtp.northwind.example/relay')
  await dialog.getByRole('button', { name: 'Add processor' }).click()
  const hosts = dialog.getByRole('textbox', { name: 'Hosts' })
  await page.waitForFunction(
    () => document.querySelector('input[name="hosts"]')?.getAttribute('aria-invalid') === 'true',
  )
  const hostError = await hosts.evaluate((el) => {
    const ids = (el.getAttribute('aria-describedby') ?? '').split(' ')
    return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ')
  })
  assert.match(hostError, /Not a host: https:\/\/smtp\.northwind\.example\/relay/)
  assert.match(hostError, /no https:\/\/, port or path/)
  await dialog.getByText('Check the fields marked below.').waitFor()
  await checkPage(admin, 'compliance-processor-field-error-desktop')

  await hosts.fill('smtp.northwind.example')
  await dialog.getByRole('button', { name: 'Add processor' }).click()
  await dialog.waitFor({ state: 'detached' })
  const item = page
    .getByRole('list', { name: 'Registered processors' })
    .getByRole('listitem')
    .filter({ hasText: 'Northwind Mail' })
  await item.getByText('Agreement not signed').waitFor()
  // No agreement yet: the agreements check now fails and names the processor.
  await page.waitForFunction(() =>
    Array.from(document.querySelectorAll('.compliance-check')).some(
      (el) => el.textContent?.startsWith('Fail') && el.textContent.includes('Northwind Mail'),
    ),
  )
  // Its host is the configured relay: the egress check now passes.
  await page.waitForFunction(() =>
    Array.from(document.querySelectorAll('.compliance-check')).some(
      (el) => el.textContent?.startsWith('Pass') && el.textContent.includes('Each is a registered processor'),
    ),
  )
  await checkPage(admin, 'compliance-processor-added-desktop')

  await item.getByRole('button', { name: 'Edit Northwind Mail' }).click()
  const edit = page.getByRole('dialog', { name: 'Edit Northwind Mail' })
  await edit.getByText('The DPA or BAA is signed').click()
  await edit.getByLabel('Agreement ends on').fill('2099-12-31')
  await edit.getByRole('button', { name: 'Save changes' }).click()
  await edit.waitFor({ state: 'detached' })
  await item.getByText('Agreement signed, until 2099-12-31').waitFor()
  await page.waitForFunction(
    () =>
      !Array.from(document.querySelectorAll('.compliance-check')).some((el) =>
        el.textContent?.includes('Northwind Mail'),
      ),
  )
  assert.match((await agreements.textContent()) ?? '', /^Pass/)

  await item.getByRole('button', { name: 'Remove Northwind Mail' }).click()
  const confirm = page.getByRole('alertdialog', { name: 'Remove Northwind Mail?' })
  await confirm.getByText(/stops connecting to its hosts \(smtp\.northwind\.example\)/).waitFor()
  await checkPage(admin, 'compliance-processor-remove-desktop')
  await confirm.getByRole('button', { name: 'Remove processor' }).click()
  await page.getByText('No processors are registered: no data leaves this server.').waitFor()
  await page.waitForFunction(() =>
    Array.from(document.querySelectorAll('.compliance-check')).some(
      (el) => el.textContent?.startsWith('Fail') && el.textContent.includes('Not in the processors register'),
    ),
  )
  assertClean(admin, 'admin', [/status of 400/])
  await admin.context.close()
})

test('the privacy officer cannot change the register', async () => {
  const officer = await openPage(browser, server.url, DESKTOP)
  await people.signInByApi(officer.page, people.user('privacy@clinic.example'))
  await officer.page.goto(`${server.url}/admin/compliance`)
  await officer.page.getByText('Only an administrator changes the register.').waitFor({ timeout: 60_000 })
  assert.equal(await officer.page.getByRole('button', { name: 'Add a processor' }).count(), 0)
  const refused = await pageApi(officer.page, 'POST', '/api/admin/processors', {
    name: 'X',
    purpose: 'x',
    dataCategories: [],
    region: 'UK',
    agreementSigned: true,
    hosts: [],
  })
  assert.equal(refused.status, 403)
  assertClean(officer, 'privacy officer', [/403/])
  await officer.context.close()
})
