// Staff sign-in through the clinic's OpenID Connect provider, in a real browser: the sign-in page
// offers "Sign in with <provider>" (a plain link), the provider signs the person in, the server's
// callback sets the session cookie (SameSite=Strict, so it is not sent on that redirect) and
// /sign-in/continue asks for the session itself and routes like a sign-in: here to Tessera's own
// second factor, because the provider reports a password only. A refusal at the provider comes back
// as /sign-in?error=oidc with one fixed sentence; /sign-in/continue without a session goes to sign in.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import type { Browser, Page } from 'playwright-core'
import { generateTotp } from '../../apps/server/src/identity/totp.ts'
import { startTestProvider, type TestProvider } from '../../apps/server/src/identity/oidc-test-provider.ts'
import { DESKTOP, launchBrowser, openPage, PHONE, type RunningTessera, type WatchedPage } from './harness.ts'
import { assertClean, checkPage, freePort, startSeededTessera, type DemoUser } from './identity-steps.ts'

const CLIENT_ID = 'tessera-e2e'
const CLIENT_SECRET = `client-secret-${randomUUID()}`
const FAILED = "Signing in with your organisation's account did not work. Try again or use your password."

let server: RunningTessera
let browser: Browser
let idp: TestProvider
let clinician: DemoUser

before(async () => {
  const port = await freePort()
  idp = await startTestProvider({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUri: `http://localhost:${port}/api/auth/oidc/callback`,
  })
  const seeded = await startSeededTessera(
    { OIDC_ISSUER: idp.issuer, OIDC_CLIENT_ID: CLIENT_ID, OIDC_CLIENT_SECRET: CLIENT_SECRET },
    port,
  )
  server = seeded.server
  clinician = seeded.users.find((u) => u.email === 'dr.okafor@clinic.example')!
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  await server?.stop()
  await idp?.close()
})

/** The provider's login page is scripted: it signs in as whoever `?as=` names, or declines on `?deny=1`. */
async function answerAtProvider(page: Page, answer: { as: string } | { deny: true }): Promise<void> {
  await page.waitForURL((url) => url.origin === idp.issuer && url.pathname.startsWith('/interaction/'))
  const url = new URL(page.url())
  if ('as' in answer) url.searchParams.set('as', answer.as)
  else url.searchParams.set('deny', '1')
  await page.goto(url.href)
}

/** Everything but the provider stays on our origin; the provider's own pages may log errors. */
function assertOnlyProvider(watched: WatchedPage, label: string): void {
  const elsewhere = watched.foreignRequests.filter((u) => new URL(u).origin !== idp.issuer)
  assert.deepEqual(elsewhere, [], `${label}: only Tessera and the clinic's provider are contacted`)
  assert.ok(watched.foreignRequests.length > 0, `${label}: the browser went to the provider`)
}

/**
 * Console errors logged while one of Tessera's pages is shown. The provider's own pages are not
 * ours to judge: its scripted login answers 400 to the first visit, and it has no favicon.
 */
function consoleErrorsOfOurPages(page: Page): string[] {
  const errors: string[] = []
  const ours = new URL(server.url).origin
  page.on('console', (msg) => {
    if (msg.type() === 'error' && new URL(page.url()).origin === ours) errors.push(msg.text())
  })
  page.on('pageerror', (err) => errors.push(err.message))
  return errors
}

test('a clinician signs in through the provider, then gives Tessera their second factor', async () => {
  const subject = `subject-${randomUUID()}`
  idp.identities.set(subject, { email: clinician.email, emailVerified: true, amr: ['pwd'] })
  const watched = await openPage(browser, server.url, DESKTOP)
  const { page, context } = watched
  const ourErrors = consoleErrorsOfOurPages(page)
  try {
    await page.goto(`${server.url}/sign-in`)
    const link = page.getByRole('link', { name: 'Sign in with 127.0.0.1' })
    await link.waitFor()
    assert.equal(await link.getAttribute('href'), '/api/auth/oidc/start')
    await checkPage(watched, 'oidc1-sign-in-offer-desktop', { axe: true })

    await link.click()
    await answerAtProvider(page, { as: subject })
    await page.getByRole('heading', { name: 'Confirm it’s you' }).waitFor()
    await page.getByText('The first step of signing in is done.', { exact: false }).waitFor()
    assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, '/sign-in')
    await checkPage(watched, 'oidc2-second-factor-desktop', { axe: true })
    await page
      .getByLabel('Code from your authenticator app')
      .fill(generateTotp(clinician.totpSecret, new Date()))
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.waitForURL(/\/clinician\/today$/)
    await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor()
    await checkPage(watched, 'oidc3-clinician-today-desktop')
    assertOnlyProvider(watched, 'oidc sign-in')
    assert.deepEqual(ourErrors, [], 'no console errors on our pages')
  } finally {
    await context.close()
  }
})

test('a refusal at the provider comes back as one plain sentence, with nothing in the address', async () => {
  const watched = await openPage(browser, server.url, PHONE)
  const { page, context } = watched
  const ourErrors = consoleErrorsOfOurPages(page)
  try {
    await page.goto(`${server.url}/sign-in`)
    await page.getByRole('link', { name: 'Sign in with 127.0.0.1' }).click()
    await answerAtProvider(page, { deny: true })
    await page.getByRole('alert').getByText(FAILED).waitFor()
    assert.equal(new URL(page.url()).search, '', 'the error is wiped from the address bar')
    await checkPage(watched, 'oidc4-refused-phone', { axe: true })
    assertOnlyProvider(watched, 'oidc refusal')
    assert.deepEqual(ourErrors, [], 'no console errors on our pages')
  } finally {
    await context.close()
  }
})

test('/sign-in/continue without a session sends the visitor to sign in', async () => {
  const watched = await openPage(browser, server.url, PHONE)
  const { page, context } = watched
  try {
    await page.goto(`${server.url}/sign-in/continue`)
    await page.waitForURL(/\/sign-in$/)
    await page.getByText(/could not finish signing you in/).waitFor()
    await checkPage(watched, 'oidc5-continue-no-session-phone', { axe: true })
    assertClean(watched, 'continue without a session', { allow401: true })
  } finally {
    await context.close()
  }
})
