// A server seeded with the demo clinic (`tessera seed-demo`), on localhost at a port known up front
// (WebAuthn needs a domain as RP ID, and an IP address is not one), and the page-side API call the
// web app itself makes. Shared by the browser tests that sign demo people in.
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { runTessera } from '../../apps/server/src/testing/spawn-tessera.ts'
import { startTessera, type RunningTessera } from './harness.ts'

export interface DemoUser {
  id: string
  role: string
  email: string
  displayName: string
  password: string
  totpSecret: string
}

export async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as { port: number }
  await new Promise((resolve) => probe.close(resolve))
  return port
}

export interface SeededTessera {
  server: RunningTessera
  users: DemoUser[]
  dataDir: string
  port: number
  /** Starts the server again on the same data and port (after a stop). */
  restart(): Promise<RunningTessera>
}

export async function startSeededTessera(
  env: Record<string, string> = {},
  port?: number,
): Promise<SeededTessera> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-e2e-seeded-'))
  const seed = await runTessera(['seed-demo', '--data', dataDir, '--json'])
  assert.equal(seed.code, 0, seed.output)
  const json = seed.output.slice(seed.output.indexOf('{'), seed.output.lastIndexOf('}') + 1)
  const users = (JSON.parse(json) as { users: DemoUser[] }).users
  const at = port ?? (await freePort())
  const start = () =>
    startTessera({ ...env, TESSERA_PUBLIC_URL: `http://localhost:${at}` }, { port: at, dataDir })
  return { server: await start(), users, dataDir, port: at, restart: start }
}

export interface Answer {
  status: number
  body: Record<string, unknown>
}

/** A same-origin API call from the page, as the web app makes it (cookies, CSRF header). */
export async function pageApi(
  page: Page,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<Answer> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const res = await fetch(path, {
        method,
        credentials: 'same-origin',
        headers: {
          'x-tessera-request': '1',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      return { status: res.status, body: (await res.json()) as Record<string, unknown> }
    },
    { method, path, body },
  )
}
