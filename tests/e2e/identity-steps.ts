// Helpers for the identity browser test (identity.test.ts): a seeded server on localhost (WebAuthn
// needs a domain as RP ID), a real SMTP server catching the clinic's mail, Chromium's virtual
// authenticator, and the checks every visited page must pass.
import assert from 'node:assert/strict'
import type { BrowserContext, CDPSession, Locator, Page } from 'playwright-core'
import { parseMessage, startSmtp } from '../../apps/server/src/platform/mail/smtp-test-server.ts'
import { generateTotp } from '../../apps/server/src/identity/totp.ts'
import { axeViolations, screenshot, seriousViolations, type WatchedPage } from './harness.ts'
import type { DemoUser } from './seeded.ts'
export type { DemoUser } from './seeded.ts'
export { freePort, startSeededTessera } from './seeded.ts'

export interface Mail {
  to: string[]
  subject: string
  body: string
  raw: string
}

export interface Mailbox {
  port: number
  /** Every message received so far, to anyone. */
  all(): Mail[]
  /** Every message received so far, to this address. */
  to(address: string): Mail[]
  /** The first message to `address` whose subject matches, waiting for the server's job runner. */
  waitFor(address: string, subject: RegExp, timeoutMs?: number): Promise<Mail>
  close(): Promise<void>
}

/** A real SMTP server on 127.0.0.1 (no TLS), as the server's SMTP transport talks to in production. */
export async function startMailbox(): Promise<Mailbox> {
  const smtp = await startSmtp()
  const all = (): Mail[] =>
    smtp.received.map((r) => {
      const { headers, body } = parseMessage(r.raw)
      return { to: r.rcptTo, subject: headers.get('subject') ?? '', body, raw: r.raw }
    })
  const to = (address: string): Mail[] => all().filter((m) => m.to.includes(address))
  return {
    port: smtp.port,
    all,
    to,
    async waitFor(address, subject, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const found = to(address).find((m) => subject.test(m.subject))
        if (found) return found
        if (Date.now() > deadline) {
          const seen = to(address).map((m) => m.subject)
          throw new Error(`no mail to ${address} matching ${subject}; got ${JSON.stringify(seen)}`)
        }
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    },
    close: smtp.close,
  }
}

/** Chromium's virtual authenticator: a platform authenticator with resident keys and user verification. */
export async function virtualAuthenticator(
  context: BrowserContext,
  page: Page,
): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await context.newCDPSession(page)
  await cdp.send('WebAuthn.enable', { enableUI: false })
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  })
  return { cdp, authenticatorId }
}

/** Screenshot (to look at), axe-core when asked, and no horizontal scrolling. */
export async function checkPage(watched: WatchedPage, name: string, options: { axe?: boolean } = {}) {
  const { page } = watched
  if (options.axe) {
    const serious = seriousViolations(await axeViolations(page))
    assert.deepEqual(serious, [], `axe on ${name}: ${JSON.stringify(serious, null, 2)}`)
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(overflow <= 0, `${name}: no horizontal scrolling (overflow ${overflow} px)`)
  await screenshot(page, `identity-${name}`)
}

const UNAUTHORISED = /^Failed to load resource: the server responded with a status of 401/

/**
 * Nothing left our origin and nothing went wrong in the console. `allow401` admits the browser's
 * own line for a 401 answer, for a context whose session was deliberately ended elsewhere.
 */
export function assertClean(watched: WatchedPage, label: string, options: { allow401?: boolean } = {}) {
  assert.deepEqual(watched.foreignRequests, [], `${label}: no request leaves our origin (S38)`)
  const errors = watched.consoleErrors.filter((line) => !(options.allow401 && UNAUTHORISED.test(line)))
  assert.deepEqual(errors, [], `${label}: no console errors (a CSP violation would show here)`)
}

/** Email and password on /sign-in, then the code from the authenticator app in place. */
export async function signInWithTotp(page: Page, baseUrl: string, user: DemoUser, at: Date): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`)
  await page.getByLabel('Email').fill(user.email)
  await page.getByLabel('Password', { exact: true }).fill(user.password)
  await page.getByRole('button', { name: /^sign in$/i }).click()
  const code = page.getByLabel('Code from your authenticator app')
  await code.fill(generateTotp(user.totpSecret, at))
  await page.getByRole('button', { name: 'Continue' }).click()
}

/** The one link in a plain-text email. */
export function linkIn(mail: Mail): URL {
  const [link, ...more] = mail.body.match(/https?:\/\/\S+/g) ?? []
  assert.ok(link !== undefined && more.length === 0, `one link in "${mail.subject}": ${mail.body}`)
  return new URL(link)
}

/** Waits until a meter's value text (e.g. the password strength) matches. */
export async function meterSays(meter: Locator, expected: RegExp, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let said = ''
  while (Date.now() < deadline) {
    said = (await meter.getAttribute('aria-valuetext')) ?? ''
    if (expected.test(said)) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  assert.fail(`the meter says "${said}", expected ${expected}`)
}
