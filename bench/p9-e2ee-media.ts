// P9: E2EE media in Chromium. One sender and three receivers, each a page of the call harness
// (bench/call-harness, lib/call-run.ts) in one headless Chromium: the sender's camera and
// microphone go over three connections (a mesh encodes and encrypts once per connection), each
// receiver decodes and shows the video. The real call cannot hold four people yet (guests are not
// written: apps/server/src/consult), so this is the harness, with the app's own E2EE worker.
//   A  E2EE off: the same pages and connections, no transforms.
//   B  E2EE on: every frame through the real E2EE worker of each page (SFrame AES-256-GCM, keys from
//      the handshake round), as the call engine runs it.
// Each run is a fresh call; after the first frame reached every receiver and a warm-up, a window
// of BENCH_P9_SECONDS: frames decoded by the receivers (getStats framesDecoded), CPU of every
// Chromium process (/proc), and in B the worker's byte counters (bytes after minus before the
// transform, per frame passed: the SFrame overhead). A B A B, BENCH_PAIRS pairs.
// Goals (PERFORMANCE.md P9): >= 0.98x frames delivered; <= 3% of a core extra for 1 sender + 3
// receivers; overhead <= 21 B/frame.
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import type { PageStats, WorkerSums } from './call-harness/page-stats.ts'
import { median, pairsFromEnv, report, summarise, withLoadNote, type RunFigures } from './lib/ab.ts'
import { openCallBench, type CallBench } from './lib/call-browser.ts'
import { chromiumCpu, cpuBetween, type CpuDelta } from './lib/call-cpu.ts'
import { firstFrames, startCall, type CallShape } from './lib/call-run.ts'

const RECEIVERS = 3
const GOAL_FRAMES = 0.98
const GOAL_CPU_CORE = 0.03
const GOAL_OVERHEAD = 21
const TAG_BYTES = 16
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

interface MediaRun {
  run: RunFigures
  cpu: CpuDelta
  seconds: number
  framesEncoded: number
  /** getStats bytesSent per video frame sent (RTP payload: SFrame included in B). */
  sentBytesPerFrame: number
  /** Worker: bytes added per frame (send video, send audio, removed per frame on receive). */
  overheadVideo: number
  overheadAudio: number
  overheadRecvVideo: number
  /** Frames the sender's context encrypted per second (audio + video, all connections: one CTR). */
  ctrPerSecond: number
  /** Frames through any worker transform per second (encrypted by the sender, decrypted by receivers). */
  workerFramesPerSecond: number
  shape: string
}

function delta(a: WorkerSums | undefined, b: WorkerSums | undefined): WorkerSums {
  const z = { frames: 0, passed: 0, dropped: 0, bytesIn: 0, bytesOut: 0 }
  const x = a ?? z
  const y = b ?? z
  return {
    frames: y.frames - x.frames,
    passed: y.passed - x.passed,
    dropped: y.dropped - x.dropped,
    bytesIn: y.bytesIn - x.bytesIn,
    bytesOut: y.bytesOut - x.bytesOut,
  }
}

const perFrame = (w: WorkerSums, sign: 1 | -1) => (sign * (w.bytesOut - w.bytesIn)) / Math.max(w.passed, 1)

function measureWindow(before: PageStats[], after: PageStats[], cpu: CpuDelta, seconds: number): MediaRun {
  const s0 = before[0]!
  const s1 = after[0]!
  const receivers = after.slice(1)
  const decoded = receivers.reduce(
    (n, r, i) => n + r.recvVideo.framesDecoded - before[i + 1]!.recvVideo.framesDecoded,
    0,
  )
  let recvDropped = 0
  const recvVideo = { frames: 0, passed: 0, dropped: 0, bytesIn: 0, bytesOut: 0 }
  receivers.forEach((r, i) => {
    for (const kind of ['recv:video', 'recv:audio']) {
      const d = delta(before[i + 1]!.worker[kind], r.worker[kind])
      recvDropped += d.dropped
      if (kind === 'recv:video')
        for (const k of Object.keys(d) as Array<keyof WorkerSums>) recvVideo[k] += d[k]
    }
  })
  const sendVideo = delta(s0.worker['send:video'], s1.worker['send:video'])
  const sendAudio = delta(s0.worker['send:audio'], s1.worker['send:audio'])
  const framesSent = s1.sendVideo.framesSent - s0.sendVideo.framesSent
  const v = s1.sendVideo
  const transformed = after.reduce(
    (n, page, i) =>
      n +
      Object.keys(page.worker).reduce((m, k) => m + delta(before[i]!.worker[k], page.worker[k]).passed, 0),
    0,
  )
  return {
    run: {
      reqPerSec: decoded / seconds,
      p99Ms: Number.NaN,
      cpuSeconds: cpu.total,
      reqPerCpuSecond: decoded / Math.max(cpu.total, 0.01),
      errors: recvDropped,
      non2xx: 0,
    },
    cpu,
    seconds,
    framesEncoded: s1.sendVideo.framesEncoded - s0.sendVideo.framesEncoded,
    sentBytesPerFrame: (s1.sendVideo.bytesSent - s0.sendVideo.bytesSent) / Math.max(framesSent, 1),
    overheadVideo: perFrame(sendVideo, 1),
    overheadAudio: perFrame(sendAudio, 1),
    overheadRecvVideo: perFrame(recvVideo, -1),
    ctrPerSecond: (sendVideo.passed + sendAudio.passed) / seconds,
    workerFramesPerSecond: transformed / seconds,
    shape: `${v.frameWidth}x${v.frameHeight} ${v.framesPerSecond} fps, limited by ${v.qualityLimitationReason || 'nothing'}`,
  }
}

type Variant = 'off' | 'e2ee' | 'passthrough'

async function mediaRun(
  bench: CallBench,
  variant: Variant,
  warmupMs: number,
  windowMs: number,
): Promise<MediaRun> {
  const shape: CallShape = {
    participants: 1 + RECEIVERS,
    senders: [0],
    e2ee: variant === 'e2ee',
    passthrough: variant === 'passthrough',
  }
  const call = await startCall(bench, shape)
  try {
    await firstFrames(call, shape)
    await sleep(warmupMs)
    const before = await call.stats()
    const cpu0 = chromiumCpu()
    const t0 = performance.now()
    await sleep(windowMs)
    const cpu1 = chromiumCpu()
    const seconds = (performance.now() - t0) / 1000
    const after = await call.stats()
    return measureWindow(before, after, cpuBetween(cpu0, cpu1), seconds)
  } finally {
    await call.close()
  }
}

/** SFrame overhead once the shared CTR has reached `frames` (RFC 9605 section 4.3), epoch >= 1. */
function overheadAt(frames: number, kid = 16): number {
  const len = (v: number) => (v < 8 ? 0 : Math.ceil(Math.log2(v + 1) / 8))
  return 1 + len(kid) + len(frames) + TAG_BYTES
}

const pct = (cpuSeconds: number, seconds: number) => `${((100 * cpuSeconds) / seconds).toFixed(1)}%`

export async function p9E2eeMedia(): Promise<void> {
  const bench = await openCallBench('p9-e2ee-media')
  if (!bench) return
  const pairs = pairsFromEnv()
  const quick = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 1) === 0
  const warmupMs = 1000 * Number(process.env['BENCH_P9_WARMUP_SECONDS'] ?? (quick ? 0 : 5))
  const windowMs =
    1000 * Number(process.env['BENCH_P9_SECONDS'] ?? 2 * Number(process.env['BENCH_SECONDS'] ?? 5))
  const load0 = loadavg()[0]!
  const a: MediaRun[] = []
  const b: MediaRun[] = []
  const c: MediaRun[] = []
  // the pass-through diagnostic (a third call per pair) is left out of quick runs
  const passthrough = (process.env['BENCH_P9_PASSTHROUGH'] ?? (quick ? '0' : '1')) === '1'
  try {
    for (let i = 0; i < pairs; i++) {
      a.push(await mediaRun(bench, 'off', warmupMs, windowMs))
      b.push(await mediaRun(bench, 'e2ee', warmupMs, windowMs))
      if (passthrough) c.push(await mediaRun(bench, 'passthrough', warmupMs, windowMs))
    }
  } finally {
    await bench.close()
  }
  const frameRatio = median(b.map((r, i) => r.run.reqPerSec / (a[i]!.run.reqPerSec || 1)))
  const extraCore = median(b.map((r, i) => r.cpu.total / r.seconds - a[i]!.cpu.total / a[i]!.seconds))
  const worstOverhead = Math.max(...b.map((r) => Math.max(r.overheadVideo, r.overheadAudio)))
  const workerCore = median(b.map((r) => r.cpu.workers / r.seconds))
  const workerFrames = median(b.map((r) => r.workerFramesPerSecond))
  const ctrRate = median(b.map((r) => r.ctrPerSecond))
  const types = [...new Set([...a, ...b].flatMap((r) => Object.keys(r.cpu.byType)))].sort()
  const byType = (runs: MediaRun[]) =>
    types
      .map(
        (t) =>
          `${t} ${pct(median(runs.map((r) => r.cpu.byType[t] ?? 0)), median(runs.map((r) => r.seconds)))}`,
      )
      .join(', ')
  const result = summarise(
    'p9-e2ee-media',
    'E2EE off (plain WebRTC, 1 sender + 3 receivers)',
    'E2EE on (SFrame in the worker, 1 + 3)',
    a.map((r) => r.run),
    b.map((r) => r.run),
    withLoadNote(
      {
        unit: 'frames',
        goal: `>= ${GOAL_FRAMES}x frames delivered; <= ${100 * GOAL_CPU_CORE}% of a core extra; <= ${GOAL_OVERHEAD} B/frame (P9)`,
        checks: () => ({
          [`frames delivered ${frameRatio.toFixed(3)}x >= ${GOAL_FRAMES}x`]: frameRatio >= GOAL_FRAMES,
          [`extra CPU ${(100 * extraCore).toFixed(1)}% of a core (median of pairs, all Chromium processes) <= ${100 * GOAL_CPU_CORE}%`]:
            extraCore <= GOAL_CPU_CORE,
          [`overhead ${worstOverhead.toFixed(1)} B/frame (largest of runs, video and audio) <= ${GOAL_OVERHEAD} B`]:
            worstOverhead <= GOAL_OVERHEAD,
          [`no frame dropped by a receiver's worker in the windows (${b.reduce((n, r) => n + r.run.errors, 0)})`]:
            b.every((r) => r.run.errors === 0),
        }),
        notes: [
          `CPU (share of one core, medians): A ${pct(median(a.map((r) => r.cpu.total)), median(a.map((r) => r.seconds)))}, B ${pct(median(b.map((r) => r.cpu.total)), median(b.map((r) => r.seconds)))}; ` +
            `B's E2EE worker threads alone ${(100 * workerCore).toFixed(1)}% (4 pages): ${workerFrames.toFixed(0)} frames/s through a transform ` +
            `(audio 50/s and video per connection, each encrypted once and decrypted once), ${((1e6 * workerCore) / Math.max(workerFrames, 1)).toFixed(0)} us of worker CPU per frame`,
          `CPU by process type: A ${byType(a)}; B ${byType(b)}`,
          ...(c.length === 0
            ? []
            : [
                `diagnostic C, encoded streams through a worker that passes frames on untouched: extra CPU over A ${(100 * median(c.map((r, i) => r.cpu.total / r.seconds - a[i]!.cpu.total / a[i]!.seconds))).toFixed(1)}% of a core, ` +
                  `its worker threads ${(100 * median(c.map((r) => r.cpu.workers / r.seconds))).toFixed(1)}%, frames delivered ${median(c.map((r, i) => r.run.reqPerSec / (a[i]!.run.reqPerSec || 1))).toFixed(3)}x (so B - C is SFrame and WebCrypto)`,
              ]),
          `extra CPU by pair: ${b.map((r, i) => `${(100 * (r.cpu.total / r.seconds - a[i]!.cpu.total / a[i]!.seconds)).toFixed(1)}%`).join(', ')}`,
          `sender video: A ${a.at(-1)?.shape}; B ${b.at(-1)?.shape}; frames encoded per window (3 connections) A ${median(a.map((r) => r.framesEncoded))}, B ${median(b.map((r) => r.framesEncoded))}`,
          `overhead per frame (worker bytes out - in, medians): video ${median(b.map((r) => r.overheadVideo)).toFixed(2)} B, audio ${median(b.map((r) => r.overheadAudio)).toFixed(2)} B, removed on receipt ${median(b.map((r) => r.overheadRecvVideo)).toFixed(2)} B; ` +
            `RTP payload per video frame A ${median(a.map((r) => r.sentBytesPerFrame)).toFixed(0)} B, B ${median(b.map((r) => r.sentBytesPerFrame)).toFixed(0)} B (encoder output differs run to run)`,
          `SFrame overhead = 1 config byte + KID + CTR + ${TAG_BYTES}-byte tag; one CTR per sender for audio and video of every connection: ${ctrRate.toFixed(0)} frames/s here, ` +
            `so ${overheadAt(ctrRate * 1800)} B/frame at the end of a 30-minute call (epoch >= 1: KID 1 byte; CTR reaches 4 bytes after ${(2 ** 24 / Math.max(ctrRate, 1) / 3600).toFixed(1)} h)`,
          `window ${(windowMs / 1000).toFixed(0)} s after a ${(warmupMs / 1000).toFixed(0)} s warm-up past the first frame at every receiver; fresh call per run; one headless Chromium, 4 pages (fake camera 640x360, VP8, Opus CBR), --disable-gpu`,
        ],
      },
      load0,
    ),
  )
  report(result)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await p9E2eeMedia()
