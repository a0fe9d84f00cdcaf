// Prescribing and pharmacy in the browser (issue 10): Dr Okafor prescribes for Maria from the notes
// panel of her video consultation (the safety checks run as he types; signing asks for a fresh
// authenticator code), the demo pharmacist claims, checks, dispenses and ships it, Maria sees
// "Dispensed" and "Shipped" and asks for a repeat in two taps, Dr Okafor approves it, and the
// pharmacy sees the repeat. The admin's catalogue and the controlled-drug register are looked at too.
// Screens checked with axe, for horizontal scroll at 360 px, and screenshotted.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Page } from 'playwright-core'
import { startConsultClinic, type ConsultClinic } from './consult-fixture.ts'
import { assertClean, checkPage } from './demo-people.ts'
import { DESKTOP, launchBrowser, openPage, PHONE, screenshot, type WatchedPage } from './harness.ts'
import { pageApi, type DemoUser } from './seeded.ts'

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

const LONG = { timeout: 30_000 }

/** Runs a wait; on a timeout, keeps a screenshot and says what the page and the server showed. */
async function explain(watched: WatchedPage, what: string, wait: () => Promise<unknown>): Promise<void> {
  try {
    await wait()
  } catch (err) {
    await screenshot(watched.page, `rx-timeout-${what.replace(/\W+/g, '-')}`).catch(() => {})
    const main = await watched.page
      .evaluate(() => document.querySelector('main')?.textContent?.slice(0, 1200) ?? '')
      .catch((e: unknown) => String(e))
    const log = clinic.server.process.output().slice(-2000)
    throw new Error(`waiting for ${what}: ${String(err)}\npage: ${main}\nserver:\n${log}`, { cause: err })
  }
}

async function signedIn(person: DemoUser, viewport = DESKTOP): Promise<WatchedPage> {
  const watched = await openPage(browser, clinic.server.url, viewport)
  await clinic.people.signInByApi(watched.page, person)
  return watched
}

/** Presses "Refresh" until `ready` shows (the pharmacy task appears after the job runner's poll). */
async function refreshUntil(
  watched: WatchedPage,
  what: string,
  ready: () => Promise<boolean>,
): Promise<void> {
  await explain(watched, what, async () => {
    for (let i = 0; i < 30 && !(await ready()); i++) {
      await watched.page.getByRole('button', { name: 'Refresh', exact: true }).click()
      await watched.page.waitForTimeout(1000)
    }
    assert.ok(await ready(), what)
  })
}

const field = (page: Page, name: string) => page.getByRole('textbox', { name, exact: true })

test('prescribe in the consult, sign with TOTP, dispense, see it, request a repeat, approve, pharmacy sees it', async () => {
  const { people, maria, okafor } = clinic
  const pharmacist = people.user('pharmacy@clinic.example')
  const adminUser = people.user('admin@clinic.example')

  // The demo clinic requires three questionnaires Maria has not filled in; the admin requires none
  // here, so the intake rule passes (the rule itself has unit tests on the server).
  const admin = await signedIn(adminUser)
  const required = await admin.page.evaluate(async () => {
    const res = await fetch('/api/intake/required-forms', {
      method: 'PUT',
      credentials: 'same-origin',
      headers: { 'x-tessera-request': '1', 'content-type': 'application/json' },
      body: JSON.stringify({ urls: [] }),
    })
    return res.status
  })
  assert.equal(required, 200)
  await admin.page.goto(`${clinic.server.url}/admin/medicines`)
  await admin.page.getByRole('heading', { level: 1, name: 'Medicines catalogue' }).waitFor(LONG)
  await admin.page.getByText('Cannabis oil (T10:C10)', { exact: false }).first().waitFor(LONG)
  await checkPage(admin, 'rx-admin-catalogue-desktop')

  // Dr Okafor on Maria's consultation page: "Prescribe" in the notes panel.
  const doc = await signedIn(okafor)
  const page = doc.page
  await page.evaluate((id) => sessionStorage.setItem('tessera.consult.appointment', id), clinic.appointmentId)
  await page.goto(`${clinic.server.url}/clinician/consult`)
  await explain(doc, 'the Prescribe button', () =>
    page.getByRole('button', { name: 'Prescribe', exact: true }).waitFor(LONG),
  )
  await page.getByRole('button', { name: 'Prescribe', exact: true }).click()
  await explain(doc, 'the prescribe form', () => page.getByLabel('Medicine').waitFor(LONG))

  // A Schedule 2 product: the quantity in words is asked for, and its absence blocks signing.
  await page
    .getByLabel('Medicine')
    .selectOption({ label: 'Cannabis oil (T10:C10), THC 10 mg/ml, CBD 10 mg/ml · Schedule 2 CD' })
  await field(page, 'Quantity (ml)').fill('30')
  await explain(doc, 'the words finding', () =>
    page.getByText('write the quantity in words as well as figures', { exact: false }).waitFor(LONG),
  )
  assert.ok(await page.getByRole('button', { name: 'Sign prescription' }).isDisabled())

  // Sertraline with two repeats, 1 day apart.
  await page.getByLabel('Medicine').selectOption({ label: 'Sertraline, 50 mg' })
  await field(page, 'Dose amount').fill('50')
  await field(page, 'Dose unit').fill('mg')
  await field(page, 'Directions for the patient').fill('Take one tablet each morning')
  await field(page, 'Quantity (tablet)').fill('28')
  await field(page, "Days' supply").fill('28')
  await field(page, 'Repeats').fill('2')
  await field(page, 'Days between repeats').fill('1')
  await page.getByLabel('Pharmacy').selectOption({ label: 'Riverside Pharmacy (demo)' })
  await explain(doc, 'no problems found', () => page.getByText('No problems found.').waitFor(LONG))
  await checkPage(doc, 'rx-consult-prescribe-desktop')

  // Six minutes later (server clock), the second factor is stale: signing asks for it (S17).
  clinic.setServerClock(clinic.start - 5 * 60_000 + 6 * 60_000)
  await page.waitForTimeout(300)
  await page.getByRole('button', { name: 'Sign prescription' }).click()
  const dialog = page.getByRole('dialog', { name: /Confirm it/ })
  await explain(doc, 'the step-up dialog', () => dialog.waitFor(LONG))
  await dialog.getByLabel('Code from your authenticator app').fill(await people.acceptableCode(okafor))
  await screenshot(page, 'rx-consult-step-up')
  await dialog.getByRole('button', { name: 'Confirm' }).click()
  await explain(doc, 'the signed prescription', () => page.getByText('Prescription signed').waitFor(LONG))
  await page.getByText(/^Signed · /).waitFor()
  await checkPage(doc, 'rx-consult-signed-desktop')
  // Expected refusals: no TURN relay in this server (404), the stale second factor before step-up (403).
  assertClean(doc, 'clinician consult', [/status of 404/, /status of 403/])

  // From the chart on a phone: the same form, and the new prescription in Maria's list.
  const docPhone = await signedIn(okafor, PHONE)
  await docPhone.page.goto(`${clinic.server.url}/clinician/prescribe`)
  await explain(docPhone, 'the patient picker', () => docPhone.page.getByLabel('Patient').waitFor(LONG))
  await docPhone.page.getByLabel('Patient').selectOption({ label: `${maria.displayName} (${maria.email})` })
  await explain(docPhone, "Maria's prescriptions", () =>
    docPhone.page.getByRole('list', { name: 'Prescriptions' }).getByText('Sertraline, 50 mg').waitFor(LONG),
  )
  await docPhone.page.getByLabel('Medicine').selectOption({ label: 'Sertraline, 50 mg' })
  // Another Sertraline: the duplicate-therapy warning needs an acknowledgement before signing.
  await explain(docPhone, 'the duplicate warning', () =>
    docPhone.page.getByRole('checkbox', { name: /duplicate therapy warning/ }).waitFor(LONG),
  )
  await checkPage(docPhone, 'rx-chart-prescribe-phone')
  await docPhone.context.close()

  // A day and a bit later (the repeat interval is one day): everyone signs in again.
  clinic.setServerClock(clinic.start + 26 * 3_600_000)
  await page.waitForTimeout(300)

  // The pharmacist: the queue is their home.
  const pharm = await signedIn(pharmacist)
  await pharm.page.goto(`${clinic.server.url}/clinician`)
  await explain(pharm, 'the pharmacy queue', () =>
    pharm.page.getByRole('heading', { level: 1, name: 'Pharmacy queue' }).waitFor(LONG),
  )
  const card = pharm.page.getByRole('listitem').filter({ hasText: 'Maria Garcia: Sertraline' })
  await refreshUntil(pharm, 'the task in the queue', async () => (await card.count()) > 0)
  await checkPage(pharm, 'rx-pharmacy-queue-desktop')
  await card.getByRole('button', { name: 'Claim' }).click()
  await card.getByRole('button', { name: 'Mark as checked' }).click()
  await card.getByRole('button', { name: 'Dispense' }).click()
  await card.getByRole('textbox', { name: 'Batch number' }).fill('SRT-2291')
  await card.getByRole('textbox', { name: 'Expiry date' }).fill('2030-06-30')
  await checkPage(pharm, 'rx-pharmacy-dispense-desktop')
  await card.getByRole('button', { name: 'Record dispense' }).click()
  await explain(pharm, 'Mark as shipped', () =>
    card.getByRole('button', { name: 'Mark as shipped' }).waitFor(LONG),
  )
  await card.getByRole('button', { name: 'Mark as shipped' }).click()
  // Shipped is closed: it leaves the open queue.
  await explain(pharm, 'the task leaving the open queue', () => card.waitFor({ state: 'detached', ...LONG }))

  // Maria, on her phone: dispensed and shipped; a repeat in two taps.
  const phone = await signedIn(maria, PHONE)
  await phone.page.goto(`${clinic.server.url}/patient/prescriptions`)
  const mine = phone.page.getByRole('listitem').filter({ hasText: 'Sertraline 50 mg' })
  await explain(phone, 'the prescription', () => mine.waitFor(LONG))
  const timeline = mine.getByRole('list', { name: 'Progress' })
  await timeline.getByText('Dispensed', { exact: true }).waitFor()
  await timeline.getByText('Shipped', { exact: true }).waitFor()
  await checkPage(phone, 'rx-patient-prescriptions-phone')
  await mine.getByRole('button', { name: 'Request a repeat' }).click()
  await mine.getByRole('button', { name: 'Send repeat request' }).click()
  await explain(phone, 'the request sent', () => mine.getByText('Repeat requested').waitFor(LONG))
  await checkPage(phone, 'rx-patient-requested-phone')
  assertClean(phone, 'patient prescriptions')

  // Dr Okafor approves it from his queue.
  const doc2 = await signedIn(okafor)
  await doc2.page.goto(`${clinic.server.url}/clinician/queues`)
  const request = doc2.page.getByRole('listitem').filter({ hasText: 'Maria Garcia' })
  await explain(doc2, 'the repeat request', () => request.waitFor(LONG))
  await checkPage(doc2, 'rx-clinician-queue-desktop')
  await request.getByRole('button', { name: 'Approve repeat' }).click()
  await explain(doc2, 'the request leaving the queue', () =>
    doc2.page.getByText('No requests waiting.').waitFor(LONG),
  )

  // The pharmacy sees issue 2.
  const repeat = pharm.page.getByRole('listitem').filter({ hasText: 'Repeat, issue 2' })
  await refreshUntil(pharm, 'the repeat in the queue', async () => (await repeat.count()) > 0)
  assert.match((await repeat.innerText()) ?? '', /Maria Garcia: Sertraline/)
  await checkPage(pharm, 'rx-pharmacy-repeat-desktop')

  // Maria sees the approval; the register page opens for the pharmacist (no Schedule 2 supply yet).
  await phone.page.reload()
  await explain(phone, 'the approval', () => phone.page.getByText('Approved').first().waitFor(LONG))
  const own = await pageApi(phone.page, 'GET', '/api/my/prescriptions')
  assert.equal((own.body['prescriptions'] as unknown[]).length, 2, 'the first issue and the repeat')
  const pharmPhone = await signedIn(pharmacist, PHONE)
  await pharmPhone.page.goto(`${clinic.server.url}/clinician/pharmacy`)
  await explain(pharmPhone, 'the queue on a phone', () =>
    pharmPhone.page.getByRole('listitem').filter({ hasText: 'Repeat, issue 2' }).waitFor(LONG),
  )
  await checkPage(pharmPhone, 'rx-pharmacy-queue-phone')
  await pharm.page.goto(`${clinic.server.url}/clinician/controlled-drugs`)
  await pharm.page.getByRole('heading', { level: 1, name: 'Controlled-drug register' }).waitFor(LONG)
  await checkPage(pharm, 'rx-pharmacy-cd-register-desktop')
  assertClean(pharm, 'pharmacy')
})
