// Identity in a real browser, against the real `tessera start` (seeded with `tessera seed-demo`) and
// a real SMTP server: a new patient signs up on a phone with a passkey and comes back with the
// passkey alone; a clinician signs in with password and authenticator code on a desktop; the
// devices page signs out the clinician's other session, which then ends on the sign-in page. Every
// page stays on our origin with a clean console; the identity pages pass axe-core (no serious or
// critical violations). Screenshots go to test-results/screenshots/identity-*.png.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import type { Browser } from 'playwright-core'
import { DESKTOP, launchBrowser, openPage, PHONE, type RunningTessera, type WatchedPage } from './harness.ts'
import {
  assertClean,
  checkPage,
  linkIn,
  meterSays,
  signInWithTotp,
  startMailbox,
  startSeededTessera,
  virtualAuthenticator,
  type DemoUser,
  type Mailbox,
} from './identity-steps.ts'

let server: RunningTessera
let browser: Browser
let mailbox: Mailbox
let clinicianUser: DemoUser

before(async () => {
  mailbox = await startMailbox()
  const seeded = await startSeededTessera({
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(mailbox.port),
    SMTP_STARTTLS: 'off',
  })
  server = seeded.server
  clinicianUser = seeded.users.find((u) => u.email === 'dr.okafor@clinic.example')!
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  await server?.stop()
  await mailbox?.close()
})

test('a new patient signs up on a phone with a passkey, and comes back with the passkey alone', async () => {
  const patient = {
    email: `new.patient.${randomUUID().slice(0, 8)}@patient.example`,
    name: 'Amara Lindqvist-Osei',
    password: 'violet tractor moonbeam harbour 42',
  }
  const phone = await openPage(browser, server.url, PHONE)
  const { page, context } = phone
  try {
    const { cdp, authenticatorId } = await virtualAuthenticator(context, page)

    // First visit: sign-in, which asks whether the clinic offers an organisation sign-in (it does not).
    const oidcStatus = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/auth/oidc')
    await page.goto(`${server.url}/sign-in`)
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    assert.deepEqual(await (await oidcStatus).json(), { enabled: false })
    assert.equal(await page.getByRole('link', { name: /^sign in with/i }).count(), 0)
    await checkPage(phone, 'a1-sign-in-phone', { axe: true })

    // Register: the strength meter rates the password as it is typed.
    await page.getByRole('link', { name: 'Create an account' }).click()
    await page.getByRole('heading', { name: 'Create your account' }).waitFor()
    await page.getByLabel('Email').fill(patient.email)
    await page.getByLabel('Full name').fill(patient.name)
    const password = page.getByLabel('Password', { exact: true })
    const meter = page.getByRole('meter', { name: 'Password strength' })
    await password.fill('password1234')
    await meterSays(meter, /weak/i)
    await checkPage(phone, 'a2-register-weak-phone')
    await password.fill(patient.password)
    await meterSays(meter, /strong/i)
    await checkPage(phone, 'a3-register-strong-phone', { axe: true })
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.getByRole('heading', { name: 'Check your email' }).waitFor()
    await checkPage(phone, 'a4-register-sent-phone')

    // The confirmation email, through SMTP: a link, and nothing about the person.
    const verification = await mailbox.waitFor(patient.email, /confirm your email/i)
    const link = linkIn(verification)
    assert.equal(link.origin, new URL(server.url).origin)
    assert.equal(link.pathname, '/verify-email')
    assert.equal(link.search, '', 'the token is in the fragment, not the query')
    assert.match(link.hash, /^#t=[\w-]+$/)
    await page.goto(link.href)
    await page.getByText('Your email address is confirmed').waitFor()
    assert.ok(!page.url().includes('#t='), 'the token is wiped from the address bar')
    await checkPage(phone, 'a5-verified-sign-in-phone', { axe: true })

    // Password, then enrolment: the passkey in one tap, then the ten recovery codes.
    await page.getByLabel('Email').fill(patient.email)
    await page.getByLabel('Password', { exact: true }).fill(patient.password)
    await page.getByRole('button', { name: /^sign in$/i }).click()
    await page.waitForURL(/\/enrol$/)
    await page.getByRole('heading', { name: 'Protect your account' }).waitFor()
    await checkPage(phone, 'a6-enrol-phone', { axe: true })
    await page.getByRole('button', { name: 'Set up a passkey' }).click()
    await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor()
    const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')
    assert.equal(await codes.count(), 10)
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId })
    assert.equal(credentials.length, 1)
    assert.equal(credentials[0]!.isResidentCredential, true, 'a discoverable credential')
    await checkPage(phone, 'a7-recovery-codes-phone', { axe: true })
    await page.getByText('I have saved my recovery codes').click()
    assert.ok(await page.getByRole('checkbox', { name: 'I have saved my recovery codes' }).isChecked())
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.waitForURL(/\/patient\/home$/)
    await page.getByRole('heading', { name: 'Home' }).waitFor()
    await checkPage(phone, 'a8-patient-home-phone')

    // Sign out, then back in with the passkey alone: no email, no password.
    await page.getByRole('button', { name: 'Sign out', exact: true }).click()
    await page.waitForURL(/\/sign-in$/)
    await page.getByText('You have signed out.').waitFor()
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click()
    await page.waitForURL(/\/patient\/home$/)
    await page.getByRole('heading', { name: 'Home' }).waitFor()
    await checkPage(phone, 'a9-passkey-sign-in-home-phone')

    // Adding the passkey was told to the owner (S13). No mail names the patient.
    await mailbox.waitFor(patient.email, /sign-in method was added/i)
    for (const mail of mailbox.to(patient.email)) {
      for (const part of patient.name.split(/[\s-]+/)) {
        assert.ok(!mail.raw.toLowerCase().includes(part.toLowerCase()), `"${mail.subject}" names no one`)
      }
    }
    assertClean(phone, 'patient sign-up')
  } finally {
    await context.close()
  }
})

let clinician: WatchedPage | undefined

test('a clinician signs in with password and authenticator code on a desktop', async () => {
  clinician = await openPage(browser, server.url, DESKTOP)
  const { page } = clinician
  await signInWithTotp(page, server.url, clinicianUser, new Date())
  await page.waitForURL(/\/clinician\/today$/)
  await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor()
  assert.ok(await page.getByRole('navigation', { name: 'Clinician workspace' }).isVisible())
  await checkPage(clinician, 'b1-clinician-today-desktop')
  assertClean(clinician, 'clinician sign-in')
})

test('the devices page signs out the clinician’s other session', async () => {
  assert.ok(clinician, 'the clinician is signed in')
  const first = clinician
  const second = await openPage(browser, server.url, DESKTOP)
  try {
    // The second device signs in with the next code: the one just used is refused as a replay.
    await signInWithTotp(second.page, server.url, clinicianUser, new Date(Date.now() + 30_000))
    await second.page.waitForURL(/\/clinician\/today$/)

    const { page } = first
    await page.getByRole('link', { name: 'Security' }).click()
    await page.getByRole('heading', { name: 'Security' }).waitFor()
    const card = page.getByRole('region', { name: 'Devices and sessions' })
    const sessions = card.getByRole('listitem')
    await sessions.nth(1).waitFor()
    assert.equal(await sessions.count(), 2)
    assert.equal(await card.getByText('This device').count(), 1)
    await checkPage(first, 'c1-security-two-sessions-desktop', { axe: true })

    await card.getByRole('button', { name: /^Sign out on / }).click()
    await card.getByText(/^Signed out on /).waitFor()
    await page.waitForFunction(
      () => document.querySelectorAll('[aria-labelledby=sessions-title] .item').length === 1,
    )
    assert.equal(await card.getByText('This device').count(), 1)
    await checkPage(first, 'c2-security-other-signed-out-desktop', { axe: true })

    // The other device's next step asks the server, which no longer knows its session.
    await second.page.getByRole('link', { name: 'Security' }).click()
    await second.page.waitForURL(/\/sign-in$/)
    await second.page.getByText('Your session has ended. Sign in again to continue.').waitFor()
    await checkPage(second, 'c3-ended-session-sign-in-desktop', { axe: true })
    assertClean(first, 'clinician security')
    assertClean(second, 'clinician second device', { allow401: true })
  } finally {
    await second.context.close()
    await first.context.close()
  }
})
