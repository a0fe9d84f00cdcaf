// The seeded demo clinic's people as the browser tests use them: look one up by email, sign in
// (by API or through the sign-in form) with a TOTP code never used before, and the checks every
// page gets (axe, no horizontal scroll, a screenshot; nothing leaves our origin, no console errors).
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { generateTotp } from '../../apps/server/src/identity/totp.ts'
import { axeViolations, screenshot, seriousViolations, type WatchedPage } from './harness.ts'
import { pageApi, type DemoUser } from './seeded.ts'

export class DemoPeople {
  /** The last TOTP time step each person used: a code is accepted once (S11). */
  private readonly lastStep = new Map<string, number>()

  constructor(
    private readonly users: DemoUser[],
    /** The running server's URL (it changes when a test restarts the server). */
    private readonly baseUrl: () => string,
    /** The server's time (a test clock may move it): codes are made for the server's now. */
    private readonly serverNow: () => number = Date.now,
  ) {}

  user(email: string): DemoUser {
    const found = this.users.find((u) => u.email === email)
    assert.ok(found, `demo user ${email}`)
    return found
  }

  /** A code for a time step this person has not used yet (the current one, or the next). */
  freshCode(person: DemoUser): string {
    const now = this.serverNow()
    let step = Math.floor(now / 30_000)
    const last = this.lastStep.get(person.email) ?? -1
    if (last >= step) step = last + 1
    this.lastStep.set(person.email, step)
    return generateTotp(person.totpSecret, new Date(Math.max(now, step * 30_000)))
  }

  /**
   * A code the server will take: the server accepts one step either side of its now, and only a
   * step later than the last one used, so after two sign-ins in one step this waits for the next.
   */
  async acceptableCode(person: DemoUser): Promise<string> {
    const nowStep = Math.floor(this.serverNow() / 30_000)
    const last = this.lastStep.get(person.email) ?? -1
    if (last >= nowStep + 1 && last < nowStep + 3) {
      const wait = last * 30_000 - this.serverNow()
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait) + 100))
    }
    return this.freshCode(person)
  }

  /** Password and authenticator code through the API, from a page on our origin. */
  async signInByApi(page: Page, person: DemoUser): Promise<void> {
    await page.goto(`${this.baseUrl()}/sign-in`)
    const password = await pageApi(page, 'POST', '/api/auth/sign-in', {
      email: person.email,
      password: person.password,
    })
    assert.equal(password.status, 200, JSON.stringify(password.body))
    const totp = await pageApi(page, 'POST', '/api/auth/mfa/totp', {
      code: await this.acceptableCode(person),
    })
    assert.equal(totp.status, 200, JSON.stringify(totp.body))
  }

  /** Email and password on /sign-in, then the authenticator code in place, as a person does it. */
  async signInByForm(page: Page, person: DemoUser): Promise<void> {
    await page.goto(`${this.baseUrl()}/sign-in`)
    await page.getByLabel('Email').fill(person.email)
    await page.getByLabel('Password', { exact: true }).fill(person.password)
    await page.getByRole('button', { name: /^sign in$/i }).click()
    await page.getByLabel('Code from your authenticator app').fill(await this.acceptableCode(person))
    await page.getByRole('button', { name: 'Continue' }).click()
  }
}

/** axe (0 serious violations), no horizontal scrolling, and a screenshot to look at. */
export async function checkPage(watched: WatchedPage, name: string): Promise<void> {
  const serious = seriousViolations(await axeViolations(watched.page))
  assert.deepEqual(serious, [], `axe on ${name}: ${JSON.stringify(serious, null, 2)}`)
  const overflow = await watched.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(overflow <= 0, `${name}: no horizontal scrolling (overflow ${overflow} px)`)
  await screenshot(watched.page, name)
}

/** Nothing left our origin; the console shows only the refusals the test provoked on purpose. */
export function assertClean(watched: WatchedPage, label: string, expected: RegExp[] = []): void {
  assert.deepEqual(watched.foreignRequests, [], `${label}: no request leaves our origin (S38)`)
  const errors = watched.consoleErrors.filter((line) => !expected.some((re) => re.test(line)))
  assert.deepEqual(errors, [], `${label}: no console errors (a CSP violation would show here)`)
}
