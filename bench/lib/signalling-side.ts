// Starts one P7 server (lib/signalling-server.ts) as a forked child with --expose-gc; its output
// goes to a file (never a pipe this process must drain while it drives the sockets) and is shown
// if it fails to start. Gives its pid (CPU from /proc), a memory probe and stop().
import { fork } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BenchDb } from './databases.ts'
import type { FromServer, MemoryFigures, ToServer } from './signalling-server.ts'
import type { SignallingClinic } from './signalling-clinic.ts'

const SERVER = fileURLToPath(new URL('./signalling-server.ts', import.meta.url))

export interface SignallingServer {
  kind: 'tessera' | 'raw'
  /** ws://127.0.0.1:<port> */
  url: string
  /** The Origin header the server accepts. */
  origin: string
  pid: number
  clinic: SignallingClinic
  /** process.memoryUsage() of the server after two full GCs. */
  memory(): Promise<MemoryFigures>
  stop(): Promise<void>
}

export async function startSignallingServer(
  kind: 'tessera' | 'raw',
  db: BenchDb,
  sizes: { pairs: number; idleSockets: number },
): Promise<SignallingServer> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-p7-'))
  const logFile = join(dir, 'server.log')
  const logFd = openSync(logFile, 'a')
  const child = fork(SERVER, [], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    stdio: ['ignore', logFd, logFd, 'ipc'],
    env: {
      ...process.env,
      BENCH_P7_SIDE: kind,
      BENCH_P7_PAIRS: String(sizes.pairs),
      BENCH_P7_IDLE_SOCKETS: String(sizes.idleSockets),
      TEST_DATABASE_URL: db.kind === 'postgres' ? db.url : '',
      REDIS_URL: '',
    },
  })
  closeSync(logFd)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const waiters: Array<(m: FromServer) => void> = []
  child.on('message', (m: FromServer) => waiters.shift()?.(m))
  const next = (timeoutMs: number): Promise<FromServer> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`P7 ${kind} server did not answer`)), timeoutMs)
      const done = (m: FromServer) => {
        clearTimeout(timer)
        resolve(m)
      }
      waiters.push(done)
      void exited.then(() => {
        clearTimeout(timer)
        reject(new Error(`P7 ${kind} server exited:\n${readFileSync(logFile, 'utf8').slice(-4000)}`))
      })
    })
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      if (child.connected) child.send({ kind: 'stop' } satisfies ToServer)
      else child.kill('SIGTERM')
      const force = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await exited
      clearTimeout(force)
    }
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    const ready = await next(600_000)
    if (ready.kind !== 'ready') throw new Error(`P7 ${kind} server said ${ready.kind} first`)
    return {
      kind,
      url: ready.url,
      origin: ready.origin,
      pid: child.pid!,
      clinic: ready.clinic,
      memory: async () => {
        const answer = next(60_000)
        child.send({ kind: 'memory' } satisfies ToServer)
        const m = await answer
        if (m.kind !== 'memory') throw new Error(`P7 ${kind} server said ${m.kind}`)
        return m.memory
      },
      stop,
    }
  } catch (err) {
    await stop()
    throw err
  }
}
