// P10: call setup. A two-person call (the consultation: both send camera and microphone) set up from
// scratch in two Chromium pages of the call harness (bench/call-harness, lib/call-run.ts), measured
// on each side from ICE connected (iceConnectionState) to the first remote video frame presented
// (requestVideoFrameCallback on the <video>: decrypted and decoded).
//   A  E2EE off: the same connections with the tracks attached at once, no transforms.
//   B  E2EE on: the real E2EE worker; the handshake round (X-Wing, key confirmation against the
//      SDP fingerprint), sender keys over the pairwise sessions, tracks attached once the peer
//      acknowledged our key (call-engine.ts), every frame through the worker.
// Fresh pages, workers, keys and connections each run; A B A B, BENCH_PAIRS pairs (one untimed call
// of each first unless BENCH_WARMUP_SECONDS=0). Goals (PERFORMANCE.md P10): ICE connected -> first
// decrypted frame <= 500 ms; E2EE adds <= 100 ms.
import { mkdirSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { median, pairsFromEnv, resultsDir } from './lib/ab.ts'
import { openCallBench, type CallBench } from './lib/call-browser.ts'
import { firstFrames, startCall, type CallShape } from './lib/call-run.ts'

const GOAL_MS = 500
const GOAL_ADDED_MS = 100

interface SetupRun {
  /** Per receiving side: ICE connected -> first frame, ms. */
  iceToFrame: number[]
  /** Per side: pages told to start -> first frame, ms (context: includes ICE gathering). */
  startToFrame: number[]
  /** E2EE: ICE connected -> we hold the peer's key, and -> the peer acknowledged ours. */
  iceToKeyed: number[]
  iceToAcked: number[]
}

async function setupRun(bench: CallBench, e2ee: boolean): Promise<SetupRun> {
  const shape: CallShape = { participants: 2, senders: [0, 1], e2ee }
  const call = await startCall(bench, shape)
  try {
    await firstFrames(call, shape)
    const run: SetupRun = { iceToFrame: [], startToFrame: [], iceToKeyed: [], iceToAcked: [] }
    for (const side of await call.timings()) {
      for (const p of side.peers) {
        if (p.iceConnected === null || p.firstFrame === null) throw new Error('incomplete timings')
        run.iceToFrame.push(p.firstFrame - p.iceConnected)
        run.startToFrame.push(p.firstFrame - call.startedAt)
        if (p.keyed !== null) run.iceToKeyed.push(p.keyed - p.iceConnected)
        if (p.acked !== null) run.iceToAcked.push(p.acked - p.iceConnected)
      }
    }
    return run
  } finally {
    await call.close()
  }
}

const ms = (v: number) => `${v.toFixed(0).padStart(5)} ms`
const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / Math.max(v.length, 1)

export async function p10CallSetup(): Promise<void> {
  const bench = await openCallBench('p10-call-setup')
  if (!bench) return
  const pairs = pairsFromEnv()
  const load0 = loadavg()[0]!
  const a: SetupRun[] = []
  const b: SetupRun[] = []
  try {
    if (Number(process.env['BENCH_WARMUP_SECONDS'] ?? 1) > 0) {
      await setupRun(bench, false)
      await setupRun(bench, true)
    }
    for (let i = 0; i < pairs; i++) {
      a.push(await setupRun(bench, false))
      b.push(await setupRun(bench, true))
    }
  } finally {
    await bench.close()
  }
  const all = (runs: SetupRun[], pick: (r: SetupRun) => number[]) => runs.flatMap(pick)
  const medA = median(all(a, (r) => r.iceToFrame))
  const medB = median(all(b, (r) => r.iceToFrame))
  const worstB = Math.max(...all(b, (r) => r.iceToFrame))
  // per pair: the mean of the two sides, B minus A
  const added = median(b.map((r, i) => mean(r.iceToFrame) - mean(a[i]!.iceToFrame)))
  const ratio = median(b.map((r, i) => mean(r.iceToFrame) / (mean(a[i]!.iceToFrame) || 1)))
  const checks: Record<string, boolean> = {
    [`ICE connected -> first decrypted frame, median ${medB.toFixed(0)} ms <= ${GOAL_MS} ms`]:
      medB <= GOAL_MS,
    [`ICE connected -> first decrypted frame, slowest of ${b.length * 2} sides ${worstB.toFixed(0)} ms <= ${GOAL_MS} ms`]:
      worstB <= GOAL_MS,
    [`E2EE adds ${added.toFixed(0)} ms (median of pairs) <= ${GOAL_ADDED_MS} ms`]: added <= GOAL_ADDED_MS,
  }
  const notes = [
    `B: ICE connected -> we hold the peer's key ${median(all(b, (r) => r.iceToKeyed)).toFixed(0)} ms, -> the peer acknowledged ours (tracks attached) ${median(all(b, (r) => r.iceToAcked)).toFixed(0)} ms (medians; negative: before ICE connected)`,
    `pages told to start -> first frame: A ${median(all(a, (r) => r.startToFrame)).toFixed(0)} ms, B ${median(all(b, (r) => r.startToFrame)).toFixed(0)} ms (context: includes ICE gathering and checks on loopback)`,
    `ICE -> first frame by run: A ${a.map((r) => mean(r.iceToFrame).toFixed(0)).join(', ')}; B ${b.map((r) => mean(r.iceToFrame).toFixed(0)).join(', ')} ms`,
    'two pages of one headless Chromium (fake camera 640x360, VP8, Opus), host candidates on loopback, signalling through a BroadcastChannel (the real call relays the same messages through the server)',
    `load average ${load0.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after`,
  ]
  console.log(`\np10-call-setup (${b.length} A/B pairs, medians over both sides of every call)`)
  console.log(`A ${'E2EE off (plain WebRTC call)'.padEnd(38)} ICE connected -> first frame ${ms(medA)}`)
  console.log(
    `B ${'E2EE on (worker, handshake, SFrame)'.padEnd(38)} ICE connected -> first frame ${ms(medB)}`,
  )
  console.log(
    `ratio B/A: ${ratio.toFixed(3)}x ICE connected -> first frame; E2EE adds ${added.toFixed(0)} ms  (goal <= ${GOAL_MS} ms; adds <= ${GOAL_ADDED_MS} ms)`,
  )
  for (const [name, ok] of Object.entries(checks)) console.log(`  ${ok ? 'PASS' : 'MISS'} ${name}`)
  for (const note of notes) console.log(`  note: ${note}`)
  const dir = resultsDir()
  mkdirSync(dir, { recursive: true })
  writeFileSync(
    join(dir, 'p10-call-setup.json'),
    JSON.stringify(
      { benchmark: 'p10-call-setup', medianMsA: medA, medianMsB: medB, added, ratio, checks, notes, a, b },
      null,
      2,
    ),
  )
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await p10CallSetup()
