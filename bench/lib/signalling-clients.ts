// The client half of P7, in the benchmark's process, the same code against both servers.
// Relay pairs: two `ws` clients per pair. On Tessera they are the appointment's clinician and
// patient, each sends `hello` with its registered device and waits for `welcome` and the presence
// of both; on the raw server they open `/relay/<pair>/a|b`. A run is ping-pong: one relay message in
// flight per pair, the receiver answering as soon as its own pacing allows. Each socket sends at
// most one message per `gapMs` (80% of Tessera's per-connection limit, 50 per second): above the
// limit Tessera closes the socket (4429), and the raw server is held to the same pace. Latency is
// one way, send to receipt by the peer (both ends are in this process).
// Idle sockets: `/api/consult/lobby` with a session each, opened `concurrency` at a time; a socket
// counts as open once its first frame (the clinician's `waiting` list) has arrived.
import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { WebSocket, type RawData } from 'ws'
import type { SignallingServer } from './signalling-side.ts'

export interface RelayPair {
  a: WebSocket
  b: WebSocket
  /** Participant ids (Tessera) or placeholders (raw): the `to` of each direction. */
  aId: string
  bId: string
}

function openSocket(
  url: string,
  headers: Record<string, string>,
): Promise<{ ws: WebSocket; first: RawData }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers, perMessageDeflate: false })
    ws.once('message', (first) => resolve({ ws, first }))
    ws.once('unexpected-response', (_req, res) => {
      let body = ''
      res.on('data', (c: Buffer) => (body += c.toString()))
      res.on('end', () => reject(new Error(`upgrade refused ${res.statusCode}: ${body.slice(0, 200)}`)))
    })
    ws.once('error', reject)
    ws.once('close', (code) => reject(new Error(`closed ${code} before the first frame`)))
  })
}

/** Opens a socket and sends `hello`; resolves with the socket once `welcome` came. */
function helloSocket(url: string, headers: Record<string, string>, deviceId: string) {
  return new Promise<{ ws: WebSocket; id: string; seen: Array<Record<string, unknown>> }>(
    (resolve, reject) => {
      const ws = new WebSocket(url, { headers, perMessageDeflate: false })
      const seen: Array<Record<string, unknown>> = []
      ws.on('message', (data) => {
        const m = JSON.parse((data as Buffer).toString('utf8')) as Record<string, unknown>
        seen.push(m)
        if (m['type'] === 'welcome') resolve({ ws, id: String(m['participantId']), seen })
        if (m['type'] === 'error') reject(new Error(`hello answered ${String(m['code'])}`))
      })
      ws.once('open', () => ws.send(JSON.stringify({ type: 'hello', deviceId, suite: 5 })))
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused ${res.statusCode}`)))
      ws.once('error', reject)
    },
  )
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

export async function joinPairs(server: SignallingServer, count: number): Promise<RelayPair[]> {
  const pairs: RelayPair[] = []
  for (let i = 0; i < count; i++) {
    if (server.kind === 'raw') {
      const a = await openRaw(`${server.url}/relay/${i}/a`)
      const b = await openRaw(`${server.url}/relay/${i}/b`)
      pairs.push({ a, b, aId: randomUUID(), bId: randomUUID() })
      continue
    }
    const setup = server.clinic.pairs[i]
    if (!setup) throw new Error(`the Tessera server has ${server.clinic.pairs.length} pairs, not ${count}`)
    const url = `${server.url}/api/consult/${setup.appointmentId}/socket`
    const host = await helloSocket(
      url,
      { cookie: setup.host.cookie, origin: server.origin },
      setup.host.deviceId,
    )
    const patient = await helloSocket(
      url,
      { cookie: setup.patient.cookie, origin: server.origin },
      setup.patient.deviceId,
    )
    const both = (seen: Array<Record<string, unknown>>) =>
      seen.some((m) => m['type'] === 'presence' && (m['participants'] as unknown[]).length === 2)
    await until(() => both(host.seen) && both(patient.seen), 10_000, 'presence of both participants')
    host.ws.removeAllListeners('message')
    patient.ws.removeAllListeners('message')
    pairs.push({ a: host.ws, b: patient.ws, aId: host.id, bId: patient.id })
  }
  return pairs
}

function openRaw(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false })
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
  })
}

export interface RelayRun {
  messages: number
  latenciesMs: number[]
  wallSeconds: number
  /** Frames that were not a relay (error frames, presence...). */
  other: number
  /** Sockets that closed during the run (e.g. 4429, rate limit). */
  closed: number
}

const RELAY_PREFIX = Buffer.from('{"type":"relay"')

/** A base64 payload of `chars` characters (as an SDP or ICE message would be, opaque to the server). */
export function relayPayload(chars: number): string {
  return Buffer.alloc(Math.ceil((chars * 3) / 4), 7)
    .toString('base64')
    .slice(0, chars - (chars % 4))
}

export async function relayRun(
  pairs: RelayPair[],
  payloadChars: number,
  seconds: number,
  gapMs: number,
): Promise<RelayRun> {
  const payload = relayPayload(payloadChars)
  const run: RelayRun = { messages: 0, latenciesMs: [], wallSeconds: 0, other: 0, closed: 0 }
  let running = true
  let inFlight = 0
  const cleanups: Array<() => void> = []
  const t0 = performance.now()
  for (const pair of pairs) {
    const toB = JSON.stringify({ type: 'relay', to: pair.bId, kind: 'sdp', payload })
    const toA = JSON.stringify({ type: 'relay', to: pair.aId, kind: 'sdp', payload })
    let sentAt = 0
    const lastSend = new Map<WebSocket, number>([
      [pair.a, -Infinity],
      [pair.b, -Infinity],
    ])
    const fire = (from: WebSocket, text: string) => {
      if (!running || from.readyState !== WebSocket.OPEN) return
      const now = performance.now()
      lastSend.set(from, now)
      sentAt = now
      inFlight++
      from.send(text)
    }
    const sendPaced = (from: WebSocket, text: string) => {
      const wait = lastSend.get(from)! + gapMs - performance.now()
      if (wait <= 0) fire(from, text)
      else setTimeout(() => fire(from, text), wait)
    }
    const onFrame = (me: WebSocket, reply: string) => (data: RawData) => {
      const buf = data as Buffer
      if (
        buf.length < RELAY_PREFIX.length ||
        buf.compare(RELAY_PREFIX, 0, RELAY_PREFIX.length, 0, RELAY_PREFIX.length) !== 0
      ) {
        run.other++
        return
      }
      inFlight--
      run.messages++
      run.latenciesMs.push(performance.now() - sentAt)
      sendPaced(me, reply)
    }
    const onA = onFrame(pair.a, toB)
    const onB = onFrame(pair.b, toA)
    const onClose = () => run.closed++
    pair.a.on('message', onA)
    pair.b.on('message', onB)
    pair.a.on('close', onClose)
    pair.b.on('close', onClose)
    cleanups.push(() => {
      pair.a.off('message', onA)
      pair.b.off('message', onB)
      pair.a.off('close', onClose)
      pair.b.off('close', onClose)
    })
    fire(pair.a, toB)
  }
  await new Promise((r) => setTimeout(r, seconds * 1000))
  running = false
  run.wallSeconds = (performance.now() - t0) / 1000
  // Counted up to the end of the window; what is still in flight lands before the next run.
  const counted = { messages: run.messages, latencies: run.latenciesMs.length }
  await until(() => inFlight <= 0, 10_000, 'relays in flight').catch(() => undefined)
  for (const c of cleanups) c()
  run.messages = counted.messages
  run.latenciesMs.length = counted.latencies
  return run
}

export interface IdleOpen {
  sockets: WebSocket[]
  wallSeconds: number
  /** Connect to first frame, per socket. */
  openMs: number[]
  failures: number
  firstFailure: string | null
}

export async function openIdleSockets(
  server: SignallingServer,
  count: number,
  concurrency: number,
): Promise<IdleOpen> {
  const url = `${server.url}/api/consult/lobby`
  const cookies = server.clinic.idleCookies
  const result: IdleOpen = { sockets: [], wallSeconds: 0, openMs: [], failures: 0, firstFailure: null }
  const t0 = performance.now()
  let nextIndex = 0
  const worker = async () => {
    for (let i = nextIndex++; i < count; i = nextIndex++) {
      const cookie = cookies[i] ?? ''
      const started = performance.now()
      try {
        const { ws } = await openSocket(url, { cookie, origin: server.origin })
        result.openMs.push(performance.now() - started)
        result.sockets.push(ws)
      } catch (err) {
        result.failures++
        result.firstFailure ??= err instanceof Error ? err.message : String(err)
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
  result.wallSeconds = (performance.now() - t0) / 1000
  return result
}

/** Closes the sockets and waits until each has closed. */
export async function closeSockets(sockets: WebSocket[]): Promise<void> {
  await Promise.all(
    sockets.map(
      (ws) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === WebSocket.CLOSED) return resolve()
          ws.once('close', () => resolve())
          ws.close()
          setTimeout(() => (ws.terminate(), resolve()), 10_000).unref()
        }),
    ),
  )
}

/** Sockets of `sockets` that are still open. */
export function stillOpen(sockets: WebSocket[]): number {
  return sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length
}
