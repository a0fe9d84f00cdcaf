// A Side that runs bench/servers/tessera-launcher.ts (real createContext + buildApp, audit on or off)
// on PostgreSQL (a fresh schema, dropped on stop) or embedded PGlite (a fresh data directory), then
// signs its clinician in through the HTTP API (password, then TOTP) and loads with that cookie.
// BENCH_PROFILE_DIR=DIR starts the server with --cpu-prof (a .cpuprofile per server in DIR).
import { spawn } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateTotp } from '../../apps/server/src/identity/totp.ts'
import type { ServerUnderTest, Side } from './ab.ts'
import { benchSchema, dropSchema, type BenchDb } from './databases.ts'
import type { BenchFixture, FixtureSize } from './fixture.ts'
import { postgresCpuSeconds } from './proc-cpu.ts'

const LAUNCHER = fileURLToPath(new URL('../servers/tessera-launcher.ts', import.meta.url))

export interface LaunchedTessera extends ServerUnderTest {
  fixture: BenchFixture
  headers: Record<string, string>
}

export interface LauncherOptions {
  db: BenchDb
  audit: 'on' | 'off'
  /** Short tag for the schema name (bench_<tag>_<random>). */
  tag: string
  /** Patients and Observations written before the server listens (default 1 and 1). */
  fixture?: FixtureSize
  /** `off`: documents stored and read with the plain framing of lib/plain-cipher.ts (P1/P2 baseline). */
  cipher?: 'on' | 'off'
  /** Extra environment for the server (e.g. TESSERA_UPLOAD_MAX_BYTES). */
  env?: Record<string, string>
}

function sessionCookie(res: Response): string {
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-tessera='))
  if (!cookie) throw new Error('no session cookie was set')
  return cookie.split(';')[0]!
}

/** Password, then TOTP, through the HTTP API: the Cookie header of a full session. */
export async function signInOverHttp(url: string, fixture: BenchFixture): Promise<string> {
  const headers = { origin: url, 'x-tessera-request': '1', 'content-type': 'application/json' }
  const { email, password, totpSecret } = fixture.clinician
  const first = await fetch(`${url}/api/auth/sign-in`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ email, password }),
  })
  if (!first.ok) throw new Error(`sign-in answered ${first.status}: ${await first.text()}`)
  const partial = sessionCookie(first)
  const second = await fetch(`${url}/api/auth/mfa/totp`, {
    method: 'POST',
    headers: { ...headers, cookie: partial },
    body: JSON.stringify({ code: generateTotp(totpSecret, new Date()) }),
  })
  if (!second.ok) throw new Error(`TOTP answered ${second.status}: ${await second.text()}`)
  return sessionCookie(second)
}

export interface LauncherSide extends Side {
  start(): Promise<LaunchedTessera>
}

export function launcherSide(name: string, options: LauncherOptions): LauncherSide {
  return {
    name,
    async start(): Promise<LaunchedTessera> {
      const data = mkdtempSync(join(tmpdir(), 'tessera-bench-'))
      const schema = options.db.kind === 'postgres' ? benchSchema(options.tag) : undefined
      const profileDir = process.env['BENCH_PROFILE_DIR']
      // The server's stdout and stderr (request log included: part of the real cost) go to a file
      // in its data directory, never through a pipe this process must drain while it runs autocannon.
      const logFile = join(data, 'server.log')
      const logFd = openSync(logFile, 'a')
      const child = spawn(
        process.execPath,
        [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), '--import', 'tsx', LAUNCHER],
        {
          stdio: ['ignore', logFd, logFd],
          env: {
            ...process.env,
            TESSERA_CONFIG: join(data, 'no-config-file.json'),
            TESSERA_DATA_DIR: data,
            DATABASE_URL: options.db.kind === 'postgres' ? options.db.url : '',
            TESSERA_DATABASE_SCHEMA: schema ?? '',
            TESSERA_PUBLIC_URL: '',
            LOG_LEVEL: process.env['BENCH_LOG_LEVEL'] ?? 'info',
            TESSERA_RATE_LIMIT_PER_MINUTE: '100000000',
            BENCH_AUDIT: options.audit,
            BENCH_CIPHER: options.cipher ?? 'on',
            ...options.env,
            BENCH_FIXTURE_PATIENTS: String(options.fixture?.patients ?? 1),
            BENCH_FIXTURE_OBSERVATIONS: String(options.fixture?.observationsPerPatient ?? 1),
          },
        },
      )
      closeSync(logFd)
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      const cleanup = async (): Promise<void> => {
        if (schema && options.db.kind === 'postgres') await dropSchema(options.db.url, schema)
        rmSync(data, { recursive: true, force: true })
      }
      const ready = new Promise<{ url: string; fixture: BenchFixture }>((resolve, reject) => {
        const started = Date.now()
        const poll = setInterval(() => {
          const output = readFileSync(logFile, 'utf8')
          const url = output.match(/^listening at (\S+)/m)?.[1]
          const fixture = output.match(/^bench-fixture (\{.*\})$/m)?.[1]
          if (url && fixture) {
            clearInterval(poll)
            resolve({ url, fixture: JSON.parse(fixture) as BenchFixture })
          } else if (child.exitCode !== null || child.signalCode !== null) {
            clearInterval(poll)
            reject(new Error(`launcher exited before it was ready:\n${output}`))
          } else if (Date.now() - started > 120_000) {
            clearInterval(poll)
            reject(new Error(`launcher timed out:\n${output}`))
          }
        }, 50)
      })
      const stop = async (): Promise<void> => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM')
          const force = setTimeout(() => child.kill('SIGKILL'), 15_000)
          await exited
          clearTimeout(force)
        }
        await cleanup()
      }
      try {
        const { url, fixture } = await ready
        const cookie = await signInOverHttp(url, fixture)
        return {
          url,
          pid: child.pid!,
          fixture,
          headers: { cookie },
          ...(options.db.kind === 'postgres' ? { dbCpuSeconds: postgresCpuSeconds } : {}),
          stop,
        }
      } catch (err) {
        await stop()
        throw err
      }
    },
  }
}
