// SMART on FHIR, end to end against the real `tessera start` on a seeded demo clinic: the admin
// registers an app in the browser; the app (the real SMART JS client, fhirclient) starts a
// standalone patient launch; Maria signs in on Tessera (password + TOTP), reads the consent screen
// and allows; back in the app she sees her own name, read through the FHIR API with the app's
// token. Then she disconnects the app on her Privacy page, and the app's next read is refused.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Page } from 'playwright-core'
import { generateTotp } from '../../apps/server/src/identity/totp.ts'
import {
  axeViolations,
  DESKTOP,
  launchBrowser,
  openPage,
  PHONE,
  screenshot,
  seriousViolations,
  type WatchedPage,
} from './harness.ts'
import { startSeededTessera, type DemoUser, type SeededTessera } from './seeded.ts'
import { startSmartApp, type TestSmartApp } from './smart-app.ts'

let seeded: SeededTessera
let browser: Browser
let app: TestSmartApp
let clientId = ''
const lastStep = new Map<string, number>()

const user = (email: string): DemoUser => {
  const found = seeded.users.find((u) => u.email === email)
  assert.ok(found, `demo user ${email}`)
  return found
}

before(async () => {
  seeded = await startSeededTessera()
  browser = await launchBrowser()
  app = await startSmartApp({
    iss: `${seeded.server.url}/fhir/R4`,
    scope: 'patient/*.rs openid fhirUser launch/patient',
    clientId: () => clientId,
  })
})
after(async () => {
  await browser?.close()
  await app?.close()
  await seeded?.server.stop()
})

/** A code for a time step this person has not used yet (a code is accepted once, S11). */
function freshCode(person: DemoUser): string {
  const now = Date.now()
  let step = Math.floor(now / 30_000)
  if ((lastStep.get(person.email) ?? -1) >= step) step = lastStep.get(person.email)! + 1
  lastStep.set(person.email, step)
  return generateTotp(person.totpSecret, new Date(Math.max(now, step * 30_000)))
}

async function signInHere(page: Page, person: DemoUser): Promise<void> {
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
  await screenshot(watched.page, `smart-${name}`)
}

/** Nothing but Tessera and the app itself was contacted; no console errors (CSP violations show here). */
function assertClean(watched: WatchedPage, label: string): void {
  const foreign = watched.foreignRequests.filter((u) => new URL(u).origin !== app.url)
  assert.deepEqual(foreign, [], `${label}: no request leaves Tessera and the app (S38)`)
  assert.deepEqual(watched.consoleErrors, [], `${label}: no console errors`)
}

test('the admin registers the app: client ID shown, public app, exact redirect URI', async () => {
  const admin = await openPage(browser, seeded.server.url, DESKTOP)
  try {
    await admin.page.goto(`${seeded.server.url}/sign-in`)
    await signInHere(admin.page, user('admin@clinic.example'))
    await admin.page.waitForURL(/\/admin\//)
    await admin.page.getByRole('link', { name: 'Apps' }).click()
    await admin.page.getByRole('heading', { name: 'Register an app' }).waitFor()
    await admin.page.getByLabel('App name').fill('Garcia Health Diary')
    await admin.page.getByLabel('Redirect URIs').fill(app.redirectUri)
    await admin.page.getByRole('button', { name: 'Register app' }).click()
    const done = admin.page.getByRole('status').filter({ hasText: 'Garcia Health Diary is registered' })
    await done.waitFor()
    clientId = ((await done.locator('.smart-secret').first().textContent()) ?? '').trim()
    assert.match(clientId, /^[A-Za-z0-9_-]{22}$/)
    const listed = admin.page.getByRole('list', { name: 'Registered apps' }).getByRole('listitem')
    await listed.filter({ hasText: clientId }).waitFor()
    await checkPage(admin, 'admin-apps')
    assertClean(admin, 'admin apps page')
  } finally {
    await admin.context.close()
  }
})

test('standalone patient launch: sign in on Tessera, consent in plain words, Allow, the app shows her name', async () => {
  assert.ok(clientId, 'the app is registered')
  const maria = user('maria.garcia@patient.example')
  const phone = await openPage(browser, seeded.server.url, PHONE)
  try {
    await phone.page.goto(`${app.url}/launch`)
    // Redirected to Tessera's consent page, which asks her to sign in first, in place.
    await phone.page.waitForURL(new RegExp(`^${seeded.server.url}/connect/[0-9a-f-]{36}$`))
    await phone.page.getByText('An app is asking to connect to your Tessera account').waitFor()
    await checkPage(phone, 'connect-sign-in-phone')
    await signInHere(phone.page, maria)

    const heading = phone.page.getByRole('heading', { level: 1, name: 'Connect Garcia Health Diary?' })
    await heading.waitFor()
    const asks = await phone.page.locator('.consent__scopes li').allTextContents()
    assert.deepEqual(asks, [
      'Read your whole record',
      'Know that it is you who signed in',
      'Know who you are in the clinic record (your name and patient record)',
      'Know which patient record it is working with (yours)',
    ])
    await phone.page.getByText(`Signed in as Maria Garcia (${maria.email})`).waitFor()
    await phone.page.getByText(app.url).waitFor()
    await checkPage(phone, 'consent-phone')

    await phone.page.getByRole('button', { name: 'Allow' }).click()
    await phone.page.waitForURL(new RegExp(`^${app.url}/callback`))
    const shown = phone.page.getByText('Patient: Maria Garcia')
    await shown.waitFor()
    await screenshot(phone.page, 'smart-app-shows-patient')
    assertClean(phone, 'launch')

    // Her privacy page lists the app in the same plain words; disconnecting ends its access.
    await phone.page.goto(`${seeded.server.url}/patient/privacy`)
    const item = phone.page.getByRole('list', { name: 'Connected apps' }).getByRole('listitem')
    await item.filter({ hasText: 'Garcia Health Diary' }).first().waitFor()
    assert.ok((await item.allTextContents()).join(' ').includes('Read your whole record'))
    await checkPage(phone, 'privacy-connected-apps')
    await phone.page.getByRole('button', { name: 'Disconnect Garcia Health Diary' }).click()
    await phone.page.getByRole('alertdialog').getByRole('button', { name: 'Disconnect' }).click()
    await phone.page.getByText('Garcia Health Diary is disconnected').waitFor()
    await phone.page.getByText('No apps are connected.').waitFor()

    await phone.page.goto(`${app.url}/again`)
    await phone.page.getByRole('alert').filter({ hasText: 'Tessera refused' }).waitFor()
    assert.ok(!(await phone.page.content()).includes('Patient: Maria Garcia'))
  } finally {
    await phone.context.close()
  }
})

test('an unknown app or return address: Tessera explains and never sends the browser there', async () => {
  const watched = await openPage(browser, seeded.server.url, PHONE)
  try {
    const evil = 'https://evil.example/steal'
    const params = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: evil })
    await watched.page.goto(`${seeded.server.url}/oauth/authorize?${params}`)
    await watched.page.getByRole('heading', { name: 'This app cannot connect' }).waitFor()
    await watched.page.getByText('an address the clinic has not registered').waitFor()
    assert.equal(new URL(watched.page.url()).origin, seeded.server.url)
    await checkPage(watched, 'refused')
    assertClean(watched, 'refused')
  } finally {
    await watched.context.close()
  }
})
