// First browser test: the app loads, shows sign-in, is accessible (axe-core: 0 serious or critical
// violations), fits a 360 px phone and a 1280 px desktop, and talks to no other origin.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser } from 'playwright-core'
import {
  axeViolations,
  DESKTOP,
  launchBrowser,
  openPage,
  PHONE,
  screenshot,
  seriousViolations,
  startTessera,
  type RunningTessera,
} from './harness.ts'

let server: RunningTessera
let browser: Browser
before(async () => {
  server = await startTessera()
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

for (const viewport of [PHONE, DESKTOP]) {
  describe(`sign-in page at ${viewport.width} px`, () => {
    test('shows sign-in, is accessible and stays on our origin', async () => {
      const { page, context, foreignRequests, consoleErrors } = await openPage(browser, server.url, viewport)
      try {
        const response = await page.goto(`${server.url}/`)
        assert.equal(response?.status(), 200)
        await page.waitForURL(/\/sign-in$/)
        await page.getByRole('heading', { name: /sign in/i }).waitFor()
        assert.ok(await page.getByLabel('Email').isVisible())
        assert.ok(await page.getByLabel('Password', { exact: true }).isVisible())
        assert.ok(await page.getByRole('button', { name: /^sign in$/i }).isVisible())

        const headers = response.headers()
        assert.match(headers['content-security-policy'] ?? '', /script-src 'self'/)
        assert.equal(headers['x-content-type-options'], 'nosniff')

        const serious = seriousViolations(await axeViolations(page))
        assert.deepEqual(serious, [], `axe found: ${JSON.stringify(serious, null, 2)}`)

        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
        assert.ok(overflow <= 0, `no horizontal scrolling (overflow ${overflow} px)`)
        await screenshot(page, `app-shell-sign-in-${viewport.name}`)
        assert.deepEqual(foreignRequests, [], 'no request leaves our origin (S38)')
        assert.deepEqual(consoleErrors, [], 'no console errors (a CSP violation would show here)')
      } finally {
        await context.close()
      }
    })
  })
}

test('empty sign-in shows field errors without a round trip, reachable by keyboard', async () => {
  const { page, context } = await openPage(browser, server.url, PHONE)
  try {
    await page.goto(`${server.url}/sign-in`)
    await page.getByRole('button', { name: /^sign in$/i }).click()
    await page
      .getByText(/enter your email|email is required|fill out this field/i)
      .first()
      .waitFor({ timeout: 5000 })
    await page.keyboard.press('Tab')
    const focused = await page.evaluate(() => document.activeElement?.tagName)
    assert.ok(focused && focused !== 'BODY', 'focus moves with Tab')
    await screenshot(page, 'app-shell-sign-in-errors-phone')
  } finally {
    await context.close()
  }
})

test('signed out, each area sends the visitor to sign in', async () => {
  const { page, context, foreignRequests } = await openPage(browser, server.url, DESKTOP)
  try {
    for (const path of ['/patient', '/clinician', '/admin']) {
      await page.goto(`${server.url}${path}`)
      await page.waitForURL(/\/sign-in$/)
      await page.getByRole('heading', { name: /sign in/i }).waitFor()
      assert.equal(await page.getByRole('main').count(), 1)
      assert.equal(await page.getByRole('navigation').count(), 0, `no area navigation for ${path}`)
    }
    await screenshot(page, 'app-shell-area-signed-out-desktop')
    assert.deepEqual(foreignRequests, [], 'no request leaves our origin (S38)')
  } finally {
    await context.close()
  }
})

test('the one-time setup link printed at first start creates the first administrator', async () => {
  assert.ok(server.setupLink, 'tessera start printed a setup link')
  const { page, context } = await openPage(browser, server.url, PHONE)
  try {
    await page.goto(server.setupLink)
    await page.getByLabel('Email').fill('owner@clinic.example')
    await page.getByLabel('Full name').fill('Clinic Owner')
    await page.getByLabel('Password', { exact: true }).fill('password1234')
    await page.getByRole('button', { name: /create/i }).click()
    await page
      .getByText(/too common|predictable/i)
      .first()
      .waitFor({ timeout: 10_000 })
    assert.ok(!page.url().includes('#t='), 'the token is wiped from the address bar')
    await screenshot(page, 'app-shell-setup-weak-password-phone')
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple 42')
    await page.getByRole('button', { name: /create/i }).click()
    await page
      .getByRole('link', { name: /sign in/i })
      .first()
      .waitFor({ timeout: 10_000 })
    await screenshot(page, 'app-shell-setup-done-phone')
  } finally {
    await context.close()
  }
  const reuse = await fetch(`${server.url}/api/setup/admin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url, 'x-tessera-request': '1' },
    body: JSON.stringify({
      token: server.setupLink.split('#t=')[1],
      email: 'again@clinic.example',
      displayName: 'Again',
      password: 'correct horse battery staple 42',
    }),
  })
  assert.equal(reuse.status, 400, 'the link works once')
})
