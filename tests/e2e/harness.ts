// Browser test harness: the real `tessera start` on a free port with a fresh data directory, and
// Debian's Chromium driven by playwright-core (no browser download). Fake camera and microphone
// flags are on for the consult tests.
import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRequire } from 'node:module'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { spawnTessera, type TesseraProcess } from '../../apps/server/src/testing/spawn-tessera.ts'

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'
export const ARTIFACTS = join(import.meta.dirname, '../../test-results')

export interface RunningTessera {
  url: string
  setupLink: string | undefined
  dataDir: string
  process: TesseraProcess
  stop(): Promise<void>
}

export interface StartOptions {
  /** A fixed port (default: a free one), for tests that must know the address before start. */
  port?: number
  /** An existing data directory (default: a fresh one), e.g. seeded with `tessera seed-demo`. */
  dataDir?: string
}

export async function startTessera(
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<RunningTessera> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tessera-e2e-'))
  const p = spawnTessera(['start', '--data', dataDir, '--port', String(options.port ?? 0)], env)
  const [, url] = await p.waitFor(/running at (https?:\/\/\S+)/)
  const setup =
    p.output().match(/at: (\S+\/setup#t=[\w-]+)/) ??
    (await p.waitFor(/at: (\S+\/setup#t=[\w-]+)/, 5000).catch(() => null))
  return {
    url: url!,
    setupLink: setup?.[1],
    dataDir,
    process: p,
    stop: async () => void (await p.stop()),
  }
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
    ],
  })
}

export interface Viewport {
  name: 'phone' | 'desktop'
  width: number
  height: number
}
export const PHONE: Viewport = { name: 'phone', width: 360, height: 740 }
export const DESKTOP: Viewport = { name: 'desktop', width: 1280, height: 800 }

export interface WatchedPage {
  context: BrowserContext
  page: Page
  /** Requests to any origin but Tessera's own (S38). */
  foreignRequests: string[]
  /** Console errors, including CSP violations. */
  consoleErrors: string[]
}

export async function openPage(browser: Browser, baseUrl: string, viewport: Viewport): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } })
  const page = await context.newPage()
  const origin = new URL(baseUrl).origin
  const foreignRequests: string[] = []
  const consoleErrors: string[] = []
  page.on('request', (req) => {
    const u = req.url()
    if (!u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin)
      foreignRequests.push(u)
  })
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text())
  })
  page.on('pageerror', (err) => consoleErrors.push(err.message))
  return { context, page, foreignRequests, consoleErrors }
}

const require = createRequire(import.meta.url)
const axeSource: string = (require('axe-core') as { source: string }).source

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: Array<{ target: string[] }>
}

/** Runs axe-core in the page (through the DevTools protocol, so the page's CSP is untouched). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource)
  const results = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run(ctx: Document, opts: unknown): Promise<{ violations: AxeViolation[] }> }
      }
    ).axe
    return axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    })
  })
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target })),
  }))
}

export function seriousViolations(violations: AxeViolation[]): AxeViolation[] {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = join(ARTIFACTS, 'screenshots')
  mkdirSync(dir, { recursive: true })
  const path = join(dir, `${name}.png`)
  await page.screenshot({ path, fullPage: true })
  return path
}
