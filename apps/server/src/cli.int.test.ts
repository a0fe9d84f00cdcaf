// The `tessera` command as an operator meets it: start on an empty data directory, clear one-line
// errors for the usual mistakes, migrate, create-admin, seed-demo, version.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, chmodSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runTessera, spawnTessera } from './testing/spawn-tessera.ts'

const tempData = () => mkdtempSync(join(tmpdir(), 'tessera-cli-'))
const serverUrl = process.env['TEST_DATABASE_URL']

test('version prints the package version', async () => {
  const { code, output } = await runTessera(['version'])
  assert.equal(code, 0)
  assert.match(output.trim(), /^\d+\.\d+\.\d+$/)
})

test('start on an empty data directory: URL, one-time admin link, healthy, stops on SIGTERM', async () => {
  const data = tempData()
  const p = spawnTessera(['start', '--data', data, '--port', '0'])
  try {
    const [, url] = await p.waitFor(/running at (http:\/\/\S+)/)
    const [, link] = await p.waitFor(/at: (http:\/\/\S+\/setup#t=[\w-]+)/)
    assert.ok(link!.startsWith(url!))
    const ready = await fetch(`${url}/readyz`)
    assert.equal(ready.status, 200)
    assert.equal(((await ready.json()) as { status: string }).status, 'ready')
  } finally {
    assert.equal(await p.stop('SIGTERM'), 0, 'graceful shutdown exits 0')
  }
})

test('a port in use gives one clear line and a non-zero exit', async () => {
  const blocker = createServer()
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r))
  const port = (blocker.address() as { port: number }).port
  try {
    const { code, output } = await runTessera(['start', '--data', tempData(), '--port', String(port)])
    assert.equal(code, 1)
    assert.match(output, new RegExp(`tessera: port ${port} on 127.0.0.1 is already in use`))
    assert.doesNotMatch(output, /at .*\.ts:\d+/, 'no stack trace')
  } finally {
    blocker.close()
  }
})

test(
  'an unwritable data directory gives one clear line',
  { skip: process.getuid?.() === 0 && 'root can write anywhere' },
  async () => {
    const data = tempData()
    chmodSync(data, 0o500)
    const { code, output } = await runTessera(['start', '--data', join(data, 'sub'), '--port', '0'])
    assert.equal(code, 1)
    assert.match(output, /tessera: the data directory .* is not writable/)
  },
)

test('a data directory that is a file gives one clear line', async () => {
  const { code, output } = await runTessera(['start', '--data', '/dev/null/nope', '--port', '0'])
  assert.equal(code, 1)
  assert.match(output, /tessera: the data directory \/dev\/null\/nope is not writable/)
})

test('invalid configuration names the variable', async () => {
  const { code, output } = await runTessera(['start', '--data', tempData()], { TESSERA_PORT: 'eighty' })
  assert.equal(code, 1)
  assert.match(output, /tessera: invalid TESSERA_PORT \(port\): expected .*"eighty"/)
})

test('an unreachable database fails after bounded retries with one clear line', async () => {
  const { code, output } = await runTessera(['migrate'], {
    DATABASE_URL: 'postgres://nobody:pw@127.0.0.1:1/none',
  })
  assert.equal(code, 1)
  assert.match(
    output,
    /tessera: PostgreSQL at 127\.0\.0\.1:1\/none: cannot reach the database after 5 attempts/,
  )
  assert.doesNotMatch(output, /pw@/, 'the password is never printed')
})

test('migrate, create-admin and seed-demo on the embedded database', async () => {
  const data = tempData()
  const migrate = await runTessera(['migrate', '--data', data])
  assert.equal(migrate.code, 0)
  assert.match(migrate.output, /applied \d+ migration/)
  assert.match((await runTessera(['migrate', '--data', data])).output, /up to date/)

  const admin = await runTessera(['create-admin', '--data', data, '--url', 'https://clinic.example'])
  assert.equal(admin.code, 0)
  assert.match(admin.output, /https:\/\/clinic\.example\/setup#t=[\w-]{43}/)

  const seed = await runTessera(['seed-demo', '--data', data, '--json'])
  assert.equal(seed.code, 0, seed.output)
  const clinic = JSON.parse(seed.output) as {
    users: Array<{
      role: string
      email: string
      password: string
      prescriber: boolean
      specialist: boolean
      totpSecret: string
    }>
  }
  const roles = clinic.users.map((u) => u.role)
  assert.equal(roles.filter((r) => r === 'patient').length, 3)
  assert.equal(roles.filter((r) => r === 'clinician').length, 2)
  assert.ok(clinic.users.some((u) => u.role === 'clinician' && u.prescriber && u.specialist))
  for (const role of ['admin', 'pharmacist', 'reception']) assert.ok(roles.includes(role))
  assert.ok(clinic.users.every((u) => u.password.length >= 16))
  assert.ok(
    clinic.users.every((u) => /^[A-Z2-7]{32}$/.test(u.totpSecret)),
    'each demo user has a TOTP secret',
  )

  const again = await runTessera(['seed-demo', '--data', data])
  assert.equal(again.code, 1)
  assert.match(again.output, /tessera: the demo clinic is already seeded/)
})

describe('on a PostgreSQL server', { skip: !serverUrl && 'TEST_DATABASE_URL not set' }, () => {
  test('start comes up healthy and seed-demo refuses a database with real accounts', async () => {
    const schema = `cli_${Date.now().toString(36)}`
    const env = { DATABASE_URL: serverUrl, TESSERA_DATABASE_SCHEMA: schema }
    const p = spawnTessera(['start', '--data', tempData(), '--port', '0'], env)
    try {
      const [, url] = await p.waitFor(/running at (http:\/\/\S+)/)
      assert.match(p.output(), /PostgreSQL at /)
      const [, token] = await p.waitFor(/setup#t=([\w-]+)/)
      const ready = await fetch(`${url}/readyz`)
      assert.equal(ready.status, 200)
      const created = await fetch(`${url}/api/setup/admin`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: url!, 'x-tessera-request': '1' },
        body: JSON.stringify({
          token,
          email: 'owner@clinic.example',
          displayName: 'Owner',
          password: 'correct horse battery staple 42',
        }),
      })
      assert.equal(created.status, 201)
    } finally {
      assert.equal(await p.stop(), 0)
    }
    const seed = await runTessera(['seed-demo'], env)
    assert.equal(seed.code, 1)
    assert.match(seed.output, /holds real accounts/)
    const { default: pg } = await import('pg')
    const client = new pg.Client({ connectionString: serverUrl })
    await client.connect()
    await client.query(`drop schema ${schema} cascade`)
    await client.end()
  })
})

test('data persists across restarts: once an admin exists, no setup link is printed', async () => {
  const data = tempData()
  const first = spawnTessera(['start', '--data', data, '--port', '0'])
  try {
    const [, url] = await first.waitFor(/running at (http:\/\/\S+)/)
    const [, token] = await first.waitFor(/setup#t=([\w-]+)/)
    const created = await fetch(`${url}/api/setup/admin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url!, 'x-tessera-request': '1' },
      body: JSON.stringify({
        token,
        email: 'owner@clinic.example',
        displayName: 'Owner',
        password: 'correct horse battery staple 42',
      }),
    })
    assert.equal(created.status, 201)
  } finally {
    await first.stop()
  }
  const second = spawnTessera(['start', '--data', data, '--port', '0'])
  try {
    await second.waitFor(/running at/)
    await new Promise((r) => setTimeout(r, 500))
    assert.doesNotMatch(second.output(), /setup#t=/)
  } finally {
    await second.stop()
  }
})

test('--tls self-signed serves HTTPS and prints the certificate fingerprint; a configured certificate works too', async () => {
  const data = tempData()
  const p = spawnTessera(['start', '--data', data, '--port', '0', '--tls', 'self-signed'])
  try {
    const [, url] = await p.waitFor(/running at (https:\/\/\S+)/)
    await p.waitFor(/SHA-256 fingerprint ([0-9A-F]{2}:){31}[0-9A-F]{2}/)
    const { request } = await import('node:https')
    const status = await new Promise<number>((resolve, reject) => {
      request(`${url}/healthz`, { rejectUnauthorized: false }, (res) => resolve(res.statusCode ?? 0))
        .on('error', reject)
        .end()
    })
    assert.equal(status, 200)
  } finally {
    await p.stop()
  }
  const configured = spawnTessera(['start', '--data', tempData(), '--port', '0'], {
    TESSERA_TLS_CERT: join(data, 'tls', 'self-signed.crt'),
    TESSERA_TLS_KEY: join(data, 'tls', 'self-signed.key'),
  })
  try {
    await configured.waitFor(/running at (https:\/\/\S+)/)
    assert.doesNotMatch(configured.output(), /Self-signed certificate/)
  } finally {
    await configured.stop()
  }
})

test('audit verify: OK on an untouched trail, exit 1 naming the first bad event after tampering', async () => {
  const data = tempData()
  const p = spawnTessera(['start', '--data', data, '--port', '0'])
  try {
    const [, url] = await p.waitFor(/running at (http:\/\/\S+)/)
    for (let i = 0; i < 5; i++) {
      await fetch(`${url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: url!, 'x-tessera-request': '1' },
        body: JSON.stringify({ email: `nobody${i}@test.example`, password: 'not the password' }),
      })
    }
  } finally {
    await p.stop()
  }
  const ok = await runTessera(['audit', 'verify', '--data', data])
  assert.equal(ok.code, 0, ok.output)
  assert.match(ok.output, /checked [1-9]\d* events and [1-9]\d* checkpoints/)
  assert.match(ok.output, /verified: OK/)

  const { openDatabase } = await import('./platform/db/database.ts')
  const { sql } = await import('kysely')
  const handle = await openDatabase({ embeddedDir: join(data, 'db') })
  const victim = (
    await sql<{
      id: string
    }>`select min(id)::text as id from audit_event where action = 'auth.sign-in'`.execute(handle.db)
  ).rows[0]!.id
  await sql`alter table audit_event disable trigger user`.execute(handle.db)
  await sql`update audit_event set body = jsonb_set(body, '{outcome}', '"0"') where id = ${victim}`.execute(
    handle.db,
  )
  await handle.close()
  const bad = await runTessera(['audit', 'verify', '--data', data, '--no-seal'])
  assert.equal(bad.code, 1)
  assert.match(bad.output, new RegExp(`first bad event id: ${victim}\\b`))
})
