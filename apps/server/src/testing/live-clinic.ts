// The demo clinic (`tessera seed-demo`) served by a real `tessera start` child process, on the
// embedded database in a temporary data directory or in a schema of its own on the PostgreSQL
// server: started, killed (SIGKILL), restarted on the same data, and called over HTTP as a browser
// would (same-origin headers, the session cookie). Used by the kill -9 test and the soak.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { openDatabase, type DatabaseHandle } from '../platform/db/database.ts'
import { createServer } from 'node:net'
import { generateTotp } from '../identity/totp.ts'
import { runTessera, spawnTessera, type TesseraProcess } from './spawn-tessera.ts'
import { spawn } from 'node:child_process'

export interface DemoPerson {
  id: string
  email: string
  role: string
  displayName: string
  password: string
  totpSecret: string
}

export interface LiveReply {
  status: number
  json: Record<string, unknown>
}

export interface LiveClinicOptions {
  /** A PostgreSQL server (the clinic gets a schema of its own there); embedded when absent. */
  databaseUrl?: string | undefined
  /** Extra environment for the server. */
  env?: Record<string, string>
  /**
   * Node arguments that run the server instead of `bin/tessera.mjs` (e.g. a bench launcher that
   * reports its memory over IPC); the `start ...` arguments follow them. The child gets an IPC channel.
   */
  launcher?: string[]
}

export class LiveClinic {
  server: TesseraProcess | null = null
  readonly base: string
  /** Session cookies by account id, made once: sessions live in the database and outlast restarts. */
  readonly cookies = new Map<string, string>()

  private constructor(
    readonly data: string,
    readonly people: DemoPerson[],
    private readonly port: number,
    private readonly dbEnv: Record<string, string>,
    private readonly extraEnv: Record<string, string>,
    private readonly launcher: string[] | undefined,
  ) {
    this.base = `http://127.0.0.1:${port}`
  }

  static async seed(options: LiveClinicOptions = {}): Promise<LiveClinic> {
    const data = mkdtempSync(join(tmpdir(), 'tessera-live-'))
    const dbEnv: Record<string, string> = options.databaseUrl
      ? {
          DATABASE_URL: options.databaseUrl,
          TESSERA_DATABASE_SCHEMA: `live_${randomBytes(6).toString('hex')}`,
        }
      : {}
    const seed = await runTessera(['seed-demo', '--data', data, '--json'], dbEnv)
    assert.equal(seed.code, 0, seed.output)
    const json = seed.output.slice(seed.output.indexOf('{'), seed.output.lastIndexOf('}') + 1)
    const people = (JSON.parse(json) as { users: DemoPerson[] }).users
    return new LiveClinic(data, people, await freePort(), dbEnv, options.env ?? {}, options.launcher)
  }

  get schema(): string | undefined {
    return this.dbEnv['TESSERA_DATABASE_SCHEMA']
  }

  /** The demo person with this email (seed-demo's fixed addresses). */
  person(email: string): DemoPerson {
    const p = this.people.find((u) => u.email === email)
    assert.ok(p, `demo person ${email}`)
    return p
  }

  get pid(): number | undefined {
    return this.server?.child.pid
  }

  async start(): Promise<void> {
    const env = {
      TESSERA_PUBLIC_URL: this.base,
      TESSERA_RATE_LIMIT_PER_MINUTE: '100000000',
      ...this.dbEnv,
      ...this.extraEnv,
    }
    const args = ['start', '--data', this.data, '--port', String(this.port)]
    this.server = this.launcher ? spawnLauncher([...this.launcher, ...args], env) : spawnTessera(args, env)
    await this.server.waitFor(/running at/, 90_000)
  }

  private headers(cookie?: string): Record<string, string> {
    return { origin: this.base, 'x-tessera-request': '1', ...(cookie ? { cookie } : {}) }
  }

  /** Signs these people in (password, then TOTP), once each. */
  async signIn(...people: DemoPerson[]): Promise<void> {
    for (const p of people) {
      if (this.cookies.has(p.id)) continue
      const json = { ...this.headers(), 'content-type': 'application/json' }
      const first = await fetch(`${this.base}/api/auth/sign-in`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ email: p.email, password: p.password }),
      })
      assert.equal(first.status, 200, `sign-in of ${p.email}`)
      const second = await fetch(`${this.base}/api/auth/mfa/totp`, {
        method: 'POST',
        headers: { ...json, cookie: sessionCookie(first) },
        body: JSON.stringify({ code: generateTotp(p.totpSecret, new Date()) }),
      })
      assert.equal(second.status, 200, `TOTP of ${p.email}`)
      this.cookies.set(p.id, sessionCookie(second))
    }
  }

  /** A PDF uploaded to the person's own vault (multipart, as the browser sends it). */
  async upload(p: DemoPerson, data: Buffer, filename: string): Promise<{ status: number; id?: string }> {
    const boundary = `----soak${randomBytes(8).toString('hex')}`
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="category"\r\n\r\nletter\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
          'Content-Type: application/pdf\r\n\r\n',
      ),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ])
    const res = await fetch(`${this.base}/api/patients/${p.id}/documents`, {
      method: 'POST',
      headers: {
        ...this.headers(this.cookie(p)),
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      body: new Uint8Array(payload),
    })
    const text = await res.text()
    return res.status === 201
      ? { status: 201, id: (JSON.parse(text) as { id: string }).id }
      : { status: res.status }
  }

  /** The ids of the documents in a patient's vault, as they see them. */
  async documents(p: DemoPerson): Promise<string[]> {
    const res = await this.call(p, 'GET', `/api/patients/${p.id}/documents`)
    assert.equal(res.status, 200, 'document list')
    return (res.json['documents'] as Array<{ id: string }>).map((d) => d.id)
  }

  /** A document's whole content, or null if the server refused or cut the transfer. */
  async content(p: DemoPerson, id: string): Promise<Buffer | null> {
    const res = await fetch(`${this.base}/api/documents/${id}/content`, {
      headers: this.headers(this.cookie(p)),
    })
    if (res.status !== 200) return null
    try {
      return Buffer.from(await res.arrayBuffer())
    } catch {
      return null
    }
  }

  cookie(p: DemoPerson): string {
    const c = this.cookies.get(p.id)
    assert.ok(c, `${p.email} is signed in`)
    return c
  }

  /** kill -9: no chance to flush, close or answer anything in flight. */
  async kill(): Promise<void> {
    const server = this.server
    if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return
    server.child.kill('SIGKILL')
    await server.exited
  }

  async stop(): Promise<number | null> {
    return (await this.server?.stop('SIGTERM')) ?? null
  }

  /** One JSON call as the browser makes it. Throws only when the connection fails (a kill). */
  async call(who: DemoPerson, method: string, path: string, body?: unknown): Promise<LiveReply> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        ...this.headers(this.cookie(who)),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await res.text()
    let json: Record<string, unknown> = {}
    if (text && (res.headers.get('content-type') ?? '').includes('json'))
      json = JSON.parse(text) as Record<string, unknown>
    return { status: res.status, json }
  }

  /** The clinic's database, opened directly (only while no server runs on an embedded one). */
  async openDatabase(): Promise<DatabaseHandle> {
    return openDatabase({
      url: this.dbEnv['DATABASE_URL'],
      embeddedDir: this.dbEnv['DATABASE_URL'] ? undefined : join(this.data, 'db'),
      schema: this.schema,
    })
  }

  async auditVerify(): Promise<{ code: number | null; output: string }> {
    return runTessera(['audit', 'verify', '--data', this.data], this.dbEnv)
  }

  /** Kills the server, drops the schema on the server, removes the data directory. */
  async dispose(): Promise<void> {
    await this.kill()
    if (this.schema) {
      const handle = await openDatabase({ url: this.dbEnv['DATABASE_URL'] })
      try {
        await sql.raw(`drop schema if exists ${this.schema} cascade`).execute(handle.db)
      } finally {
        await handle.close()
      }
    }
    rmSync(this.data, { recursive: true, force: true })
  }
}

async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as { port: number }
  await new Promise((resolve) => probe.close(resolve))
  return port
}

function sessionCookie(res: Response): string {
  const session = res.headers.getSetCookie().find((c) => c.startsWith('__Host-tessera='))
  assert.ok(session, 'a session cookie')
  return session.split(';')[0]!
}

/** Like spawnTessera, with other node arguments and an IPC channel (only what LiveClinic uses). */
function spawnLauncher(args: string[], env: Record<string, string>): TesseraProcess {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  let text = ''
  child.stdout?.on('data', (c: Buffer) => (text += c.toString('utf8')))
  child.stderr?.on('data', (c: Buffer) => (text += c.toString('utf8')))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return {
    child,
    output: () => text,
    exited,
    async waitFor(pattern, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const m = text.match(pattern)
        if (m) return m
        if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline)
          throw new Error(`no ${pattern} from the server; output:\n${text}`)
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
  }
}
