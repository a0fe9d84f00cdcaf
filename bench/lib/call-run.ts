// One bench call (P9, P10): `participants` pages in a fresh browser context, slot 0 the host,
// `senders` sending camera and microphone; a connection between every pair where either side sends.
// E2EE on: the host signs the roster in its worker, every page verifies it and runs the handshake
// round; off: the same pages and connections, no worker, no transforms. See call-harness/main.ts.
import { randomUUID } from 'node:crypto'
import type { BrowserContext, Page } from 'playwright-core'
import type { CallBenchApi, PeerTiming } from '../call-harness/main.ts'
import type { PageStats } from '../call-harness/page-stats.ts'
import type { CallBench } from './call-browser.ts'

export interface CallShape {
  participants: number
  senders: number[]
  e2ee: boolean
  /** With e2ee off: encoded streams through a pass-through worker (P9 diagnostic). */
  passthrough?: boolean
}

export interface RunningCall {
  pages: Page[]
  /** Epoch ms (performance.timeOrigin based) when the pages were told to start. */
  startedAt: number
  timings(): Promise<Array<{ slot: number; peers: PeerTiming[]; failures: string[] }>>
  stats(): Promise<PageStats[]>
  close(): Promise<void>
}

type Win = { __callBench: CallBenchApi }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function startCall(bench: CallBench, shape: CallShape): Promise<RunningCall> {
  const context: BrowserContext = await bench.browser.newContext()
  try {
    const runId = randomUUID()
    const callId = randomUUID()
    const slots = Array.from({ length: shape.participants }, (_, i) => i)
    const sends = new Set(shape.senders)
    const pages: Page[] = []
    for (const _ of slots) {
      const page = await context.newPage()
      await page.goto(bench.url)
      await page.waitForFunction(() => '__callBench' in window)
      pages.push(page)
    }
    const keys: string[] = []
    for (const slot of slots) {
      const peers = slots.filter((s) => s !== slot && (sends.has(s) || sends.has(slot)))
      const opts = {
        runId,
        callId,
        slot,
        e2ee: shape.e2ee,
        passthrough: shape.passthrough ?? false,
        sending: sends.has(slot),
        peers,
        slots,
      }
      keys.push(await pages[slot]!.evaluate((o) => (window as unknown as Win).__callBench.setup(o), opts))
    }
    const members = slots.map((slot) => ({ slot, accountId: randomUUID(), deviceKey: keys[slot]! }))
    const roster = await pages[0]!.evaluate(
      (m) => (window as unknown as Win).__callBench.signRoster(m),
      members,
    )
    const startedAt = Date.now()
    // all pages are told at once; each answers messages that arrive before it started afterwards
    await Promise.all(
      pages.map((p) =>
        p.evaluate(([r, k]) => (window as unknown as Win).__callBench.start(r!, k!), [roster, keys[0]]),
      ),
    )
    const timings = () =>
      Promise.all(
        pages.map(async (p, slot) => {
          const t = await p.evaluate(() => (window as unknown as Win).__callBench.timings())
          return { slot, peers: t.timings, failures: t.failures }
        }),
      )
    return {
      pages,
      startedAt,
      timings,
      stats: () =>
        Promise.all(pages.map((p) => p.evaluate(() => (window as unknown as Win).__callBench.stats()))),
      close: async () => {
        for (const p of pages)
          await p.evaluate(() => (window as unknown as Win).__callBench.close()).catch(() => undefined)
        await context.close()
      },
    }
  } catch (err) {
    await context.close()
    throw err
  }
}

/** Waits until every page that receives video has presented a frame from every sender it meets. */
export async function firstFrames(call: RunningCall, shape: CallShape, timeoutMs = 60_000): Promise<void> {
  const sends = new Set(shape.senders)
  const deadline = Date.now() + timeoutMs
  let last = ''
  while (Date.now() < deadline) {
    const t = await call.timings()
    const waiting = t.flatMap((p) =>
      p.peers
        .filter((peer) => sends.has(peer.slot) && peer.firstFrame === null)
        .map((peer) => `${p.slot}<-${peer.slot}`),
    )
    const failures = t.flatMap((p) => p.failures.map((f) => `${p.slot}: ${f}`))
    if (failures.length > 0) throw new Error(`bench call failed: ${failures.join('; ')}`)
    if (waiting.length === 0) return
    last = waiting.join(', ')
    await sleep(50)
  }
  throw new Error(`no first frame within ${timeoutMs} ms for ${last}`)
}
