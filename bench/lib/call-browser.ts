// Chromium for the P9/P10 call benchmarks: Debian's Chromium (CHROMIUM_PATH) driven by
// playwright-core, never a downloaded browser, with the consult browser tests' flags (fake camera
// and microphone, no GPU) plus host candidates in clear (no mDNS names: pages that never open the
// camera would otherwise offer only .local candidates, which nothing here resolves). The harness is
// built once per launch into a temporary directory and served from this process.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { buildCallHarness, serveHarness } from './call-build.ts'

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'

export interface CallBench {
  browser: Browser
  /** The harness page. */
  url: string
  close(): Promise<void>
}

/** null (and a line saying why) when there is no Chromium to run. */
export async function openCallBench(name: string): Promise<CallBench | null> {
  if (!existsSync(CHROMIUM_PATH)) {
    console.log(`${name}: skipped, no Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`)
    return null
  }
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-call-'))
  await buildCallHarness(dir)
  const server = await serveHarness(dir)
  const browser = await chromium.launch({
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
      '--disable-features=WebRtcHideLocalIpsWithMdns',
    ],
  })
  return {
    browser,
    url: `${server.url}/index.html`,
    close: async () => {
      await browser.close()
      await server.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
