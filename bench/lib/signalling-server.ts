// The two servers of P7, each a child process forked by lib/signalling-side.ts with an IPC channel
// and --expose-gc (BENCH_P7_SIDE):
//   tessera  the app as the consultation tests build it (createTestApp: the real createContext and
//            buildApp, every plugin, hook and route; a fake clock fixed inside the join window; log
//            lines kept in memory, and the signalling path logs nothing), on the PostgreSQL schema of
//            TEST_DATABASE_URL (dropped on stop) or in-memory PGlite, listening on 127.0.0.1; the
//            clinic from lib/signalling-clinic.ts.
//   raw      node:http + `ws` doing the minimum: `/relay/<pair>/<a|b>` forwards every frame unchanged
//            to the other socket of the pair (no parsing, no auth, no rate limit, no keep-alive
//            pings); `/api/consult/lobby` sends one fixed `waiting` frame and then holds the socket.
// Messages: child -> parent `ready` (url, origin, clinic); parent -> child `memory` (answered after
// two full GCs with process.memoryUsage()) and `stop`.
import http from 'node:http'
import { WebSocketServer, type WebSocket } from 'ws'
import { MAX_SIGNAL_FRAME_BYTES } from '@tessera/contracts'
import { createTestApp, TEST_ORIGIN } from '../../apps/server/src/testing/test-app.ts'
import { setUpSignallingClinic, type SignallingClinic } from './signalling-clinic.ts'

export type ToServer = { kind: 'memory' } | { kind: 'stop' }

export interface MemoryFigures {
  rss: number
  heapUsed: number
  external: number
  arrayBuffers: number
}

export type FromServer =
  | { kind: 'ready'; url: string; origin: string; clinic: SignallingClinic }
  | { kind: 'memory'; memory: MemoryFigures }

/** What the raw server sends a lobby socket, as Tessera's lobby tells a clinician nobody is waiting. */
export const RAW_LOBBY_FRAME = JSON.stringify({ type: 'waiting', waiting: [] })

function send(message: FromServer): void {
  process.send?.(message)
}

function memory(): MemoryFigures {
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  gc?.()
  const m = process.memoryUsage()
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers }
}

async function startRaw(): Promise<() => Promise<void>> {
  const server = http.createServer((_req, res) => res.writeHead(404).end())
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_SIGNAL_FRAME_BYTES })
  const pairs = new Map<string, WebSocket>()
  server.on('upgrade', (req, socket, head) => {
    const relay = /^\/relay\/(\d+)\/([ab])$/.exec(req.url ?? '')
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => undefined)
      if (!relay) return void ws.send(RAW_LOBBY_FRAME)
      const key = `${relay[1]}/${relay[2]}`
      const peer = `${relay[1]}/${relay[2] === 'a' ? 'b' : 'a'}`
      pairs.set(key, ws)
      ws.on('message', (data, isBinary) => pairs.get(peer)?.send(data as Buffer, { binary: isBinary }))
      ws.on('close', () => pairs.get(key) === ws && pairs.delete(key))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  send({
    kind: 'ready',
    url: `ws://127.0.0.1:${port}`,
    origin: `http://127.0.0.1:${port}`,
    clinic: { pairs: [], idleCookies: [] },
  })
  return async () => {
    for (const ws of wss.clients) ws.terminate()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

async function startTessera(): Promise<() => Promise<void>> {
  const t = await createTestApp()
  const pairs = Number(process.env['BENCH_P7_PAIRS'] ?? 0)
  const idle = Number(process.env['BENCH_P7_IDLE_SOCKETS'] ?? 0)
  const clinic = await setUpSignallingClinic(t, pairs, idle)
  const address = await t.app.listen({ port: 0, host: '127.0.0.1' })
  send({ kind: 'ready', url: address.replace(/^http/, 'ws'), origin: TEST_ORIGIN, clinic })
  return () => t.close()
}

const stop = await (process.env['BENCH_P7_SIDE'] === 'raw' ? startRaw() : startTessera())
let stopping = false
const shutdown = (): void => {
  if (stopping) return
  stopping = true
  void stop().finally(() => process.exit(0))
}
process.on('message', (m: ToServer) => {
  if (m.kind === 'memory') send({ kind: 'memory', memory: memory() })
  else if (m.kind === 'stop') shutdown()
})
process.once('disconnect', shutdown)
process.once('SIGTERM', shutdown)
