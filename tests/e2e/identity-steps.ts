// Helpers for the identity browser test (identity.test.ts): a seeded server on localhost (WebAuthn
// needs a domain as RP ID), a real SMTP server catching the clinic's mail, Chromium's virtual
// authenticator, and the checks every visited page must pass.
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserContext, CDPSession, Locator, Page } from 'playwright-core'
import { parseMessage, startSmtp } from '../../apps/server/src/platform/mail/smtp-test-server.ts'
import { runTessera } from '../../apps/server/src/testing/spawn-tessera.ts'
import { generateTotp } from '../../apps/server/src/identity/totp.ts'
import {
  axeViolations,
  screenshot,
  seriousViolations,
  startTessera,
  type RunningTessera,
  type WatchedPage,
} from './harness.ts'

export interface DemoUser {
  role: string
  email: string
  displayName: string
  password: string
  totpSecret: string
}

export interface Mail {
  to: string[]
  subject: string
  body: string
  raw: string
}

export interface Mailbox {
  port: number
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

/** WebAuthn needs a domain as RP ID (an IP address is not one): localhost, on a port known up front. */
export async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as { port: number }
  await new Promise((resolve) => probe.close(resolve))
  return port
}

/** `tessera seed-demo` into a fresh data directory, then `tessera start` on it at localhost. */
export async function startSeededTessera(
  env: Record<string, string>,
  port?: number,
): Promise<{ server: RunningTessera; users: DemoUser[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-e2e-identity-'))
  const seed = await runTessera(['seed-demo', '--data', dataDir, '--json'])
  assert.equal(seed.code, 0, seed.output)
  const json = seed.output.slice(seed.output.indexOf('{'), seed.output.lastIndexOf('}') + 1)
  const users = (JSON.parse(json) as { users: DemoUser[] }).users
  const at = port ?? (await freePort())
  const server = await startTessera(
    { ...env, TESSERA_PUBLIC_URL: `http://localhost:${at}` },
    { port: at, dataDir },
  )
  return { server, users }
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
