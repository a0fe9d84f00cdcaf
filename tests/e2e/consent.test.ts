// Versioned consent, end to end against the real `tessera start` on a seeded demo clinic: the
// admin publishes a new telehealth text; Maria (who agreed to version 1), on a 360 px phone, is
// asked again at sign-in, agrees, then withdraws it in her privacy centre and sees it withdrawn at once.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Page } from 'playwright-core'
import type { PatientConsents } from '@tessera/contracts'
import { generateTotp } from '../../apps/server/src/identity/totp.ts'
import {
  axeViolations,
  DESKTOP,
  launchBrowser,
  openPage,
  PHONE,
  screenshot,
  seriousViolations,
  type RunningTessera,
  type WatchedPage,
} from './harness.ts'
import { pageApi, startSeededTessera, type DemoUser } from './seeded.ts'

let server: RunningTessera
let browser: Browser
let users: DemoUser[]
const lastStep = new Map<string, number>()

const user = (email: string): DemoUser => {
  const found = users.find((u) => u.email === email)
  assert.ok(found, `demo user ${email}`)
  return found
}

before(async () => {
  const seeded = await startSeededTessera()
  server = seeded.server
  users = seeded.users
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

/** A code for a time step this person has not used yet (a code is accepted once, S11). */
function freshCode(person: DemoUser): string {
  const now = Date.now()
  let step = Math.floor(now / 30_000)
  if ((lastStep.get(person.email) ?? -1) >= step) step = lastStep.get(person.email)! + 1
  lastStep.set(person.email, step)
  return generateTotp(person.totpSecret, new Date(Math.max(now, step * 30_000)))
}

async function signInByApi(page: Page, person: DemoUser): Promise<void> {
  await page.goto(`${server.url}/sign-in`)
  const password = await pageApi(page, 'POST', '/api/auth/sign-in', {
    email: person.email,
    password: person.password,
  })
  assert.equal(password.status, 200, JSON.stringify(password.body))
  const totp = await pageApi(page, 'POST', '/api/auth/mfa/totp', { code: freshCode(person) })
  assert.equal(totp.status, 200, JSON.stringify(totp.body))
}

async function signInByForm(page: Page, person: DemoUser): Promise<void> {
  await page.goto(`${server.url}/sign-in`)
  await page.getByLabel('Email').fill(person.email)
  await page.getByLabel('Password', { exact: true }).fill(person.password)
  await page.getByRole('button', { name: /^sign in$/i }).click()
  await page.getByLabel('Code from your authenticator app').fill(freshCode(person))
  await page.getByRole('button', { name: 'Continue' }).click()
}

async function checkPage(watched: WatchedPage, name: string): Promise<void> {
  const serious = seriousViolations(await axeViolations(watched.page))
  assert.deepEqual(serious, [], `axe on ${name}: ${JSON.stringify(serious, null, 2)}`)
  const overflow = await watched.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(overflow <= 0, `${name}: no horizontal scrolling (overflow ${overflow} px)`)
  await screenshot(watched.page, `consent-${name}`)
}

function assertClean(watched: WatchedPage, label: string): void {
  assert.deepEqual(watched.foreignRequests, [], `${label}: no request leaves our origin (S38)`)
  assert.deepEqual(watched.consoleErrors, [], `${label}: no console errors (a CSP violation would show here)`)
}

async function telehealthOf(page: Page) {
  const answer = await pageApi(page, 'GET', '/api/consents')
  assert.equal(answer.status, 200, JSON.stringify(answer.body))
  const items = (answer.body as unknown as PatientConsents).items
  return items.find((i) => i.kind === 'telehealth')!
}

const NEW_TEXT = [
  'Your consultations with us happen by video, from wherever you are.',
  '',
  '## What changed',
  '- You can now **bring someone** you trust to the call.',
  '- Tell us at the start if someone is with you.',
  '',
  'Typed markup stays text: <b>not bold</b>.',
].join('\n')

test('the admin publishes telehealth version 2; Maria agrees on her phone, then withdraws it', async () => {
  const admin = await openPage(browser, server.url, DESKTOP)
  try {
    const { page } = admin
    await signInByApi(page, user('admin@clinic.example'))
    await page.goto(`${server.url}/admin/consents`)
    await page.getByRole('heading', { name: 'Consent texts', level: 1 }).waitFor()
    const card = page.getByRole('region', { name: 'Telehealth consent' })
    await card.getByText('Accepted by 2 patients; in force for 2 patients.').first().waitFor()
    await card.getByRole('button', { name: /^New version/ }).click()
    await card.getByLabel('Title').fill('Consultations by video (2026)')
    await card.getByRole('textbox', { name: 'Text' }).fill(NEW_TEXT)
    await card.getByRole('button', { name: 'Save draft' }).click()
    await card.getByText('Draft version 2 is saved').waitFor()
    await checkPage(admin, 'admin-draft-desktop')

    await card.getByRole('button', { name: 'Publish version 2' }).click()
    const dialog = page.getByRole('alertdialog', { name: 'Publish version 2?' })
    await dialog.waitFor()
    await dialog.getByRole('button', { name: 'Publish' }).click()
    await card.getByText('Version 2 is published').waitFor()
    await card.getByText('Version 2: Consultations by video (2026)').first().waitFor()
    await checkPage(admin, 'admin-published-desktop')
    await page.setViewportSize({ width: PHONE.width, height: PHONE.height })
    await checkPage(admin, 'admin-published-phone')
    assertClean(admin, 'admin consent texts')
  } finally {
    await admin.context.close()
  }

  const maria = await openPage(browser, server.url, PHONE)
  try {
    const { page } = maria
    await signInByForm(page, user('maria.garcia@patient.example'))
    await page.waitForURL(/\/patient\/home$/)
    const prompt = page.getByRole('region', { name: 'Please review before your consultation' })
    await prompt.waitFor()
    const promptText = await prompt.innerText()
    assert.match(promptText, /Telehealth consent\s+Updated since you agreed/)
    assert.match(promptText, /Sharing with your GP\s+Not answered yet/)
    assert.doesNotMatch(promptText, /Privacy notice/, 'version 1 of the privacy notice is still current')
    await checkPage(maria, 'patient-home-prompt-phone')

    await prompt.getByRole('link', { name: 'Review consents' }).click()
    await page.waitForURL(/\/patient\/consents$/)
    const card = page.getByRole('region', { name: 'Telehealth consent' })
    await card.getByText('This text has changed').waitFor()
    await card.getByText('Typed markup stays text: <b>not bold</b>.').waitFor()
    assert.equal(await card.locator('b').count(), 0, 'no markup from the text reaches the page')
    assert.equal(await card.locator('strong', { hasText: 'bring someone' }).count(), 1)
    await card.getByRole('heading', { name: 'What changed', level: 4 }).waitFor()
    await checkPage(maria, 'patient-consents-phone')

    await card.getByRole('button', { name: 'I agree' }).click()
    await page.getByText('Thank you. You agreed to “Consultations by video (2026)” (version 2).').waitFor()
    await card.getByText('Agreed', { exact: true }).waitFor()
    const agreed = await telehealthOf(page)
    assert.deepEqual([agreed.state.status, agreed.state.version, agreed.state.current], ['given', 2, true])
    await checkPage(maria, 'patient-consents-agreed-phone')

    await card.getByRole('link', { name: 'Privacy page' }).click()
    await page.waitForURL(/\/patient\/privacy$/)
    const section = page.getByRole('region', { name: 'My consents' })
    const item = section.getByRole('listitem').filter({ hasText: 'Telehealth consent' })
    await item.getByText('You agreed to version 2').waitFor()
    await item.getByRole('button', { name: 'Withdraw Telehealth consent' }).click()
    const confirm = page.getByRole('alertdialog', { name: 'Withdraw: Telehealth consent?' })
    await confirm
      .getByText('You will not be able to join video consultations until you agree again.')
      .waitFor()
    await screenshot(page, 'consent-patient-withdraw-dialog-phone')
    await confirm.getByRole('button', { name: 'Withdraw' }).click()
    await section.getByText('Telehealth consent: withdrawn. This applies straight away.').waitFor()
    await item.getByText('Withdrawn', { exact: true }).waitFor()
    await item.getByRole('link', { name: 'Agree again Telehealth consent' }).waitFor()
    assert.equal((await telehealthOf(page)).state.status, 'withdrawn', 'withdrawn at once')
    await checkPage(maria, 'patient-privacy-withdrawn-phone')

    // Home says what the withdrawal means until she agrees again.
    await page.goto(`${server.url}/patient/home`)
    await page
      .getByText('You withdrew it. You cannot join video consultations until you agree again.')
      .waitFor()
    assertClean(maria, 'patient consent pages')
  } finally {
    await maria.context.close()
  }
})
