// The demo clinic for the lifecycle suite: `tessera seed-demo`, a real SMTP server, the test clock
// (TESSERA_TEST_CLOCK_FILE, honoured only with NODE_ENV=test) and the server's own log kept in full.
// One instance (the embedded database, or PostgreSQL when a URL is given), or two instances sharing
// PostgreSQL and Redis behind the round-robin proxy, so that consecutive requests, and the two
// sides of a call, land on different machines.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { runTessera } from '../../../apps/server/src/testing/spawn-tessera.ts'
import { DemoPeople } from '../demo-people.ts'
import { startTessera, type RunningTessera } from '../harness.ts'
import { startMailbox, type Mailbox } from '../identity-steps.ts'
import { freePort, type DemoUser } from '../seeded.ts'
import { startRoundRobinProxy, type RoundRobinProxy } from './round-robin-proxy.ts'

export interface ClinicOptions {
  /** 1: one process; 2: two processes behind the round-robin proxy (needs both URLs). */
  instances: 1 | 2
  databaseUrl?: string | undefined
  redisUrl?: string | undefined
}

export interface LifecycleClinic {
  /** The address the browsers use (the proxy's, with two instances). */
  url: string
  people: DemoPeople
  mailbox: Mailbox
  instances: RunningTessera[]
  proxy: RoundRobinProxy | undefined
  /** Everything every instance printed (its pino log included). */
  serverLog(): string
  /** Every instance's Prometheus metrics, read with the metrics token. */
  metrics(): Promise<string>
  /** The server's now (the test clock moved). */
  serverNow(): number
  /** Moves the server's clock so that it reads `at`, and waits for it to be read. */
  setServerClock(at: number): Promise<void>
  stop(): Promise<void>
}

export async function startLifecycleClinic(options: ClinicOptions): Promise<LifecycleClinic> {
  const mailbox = await startMailbox()
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-e2e-lifecycle-'))
  const clockFile = join(dataDir, 'clock-offset-ms')
  writeFileSync(clockFile, '0')
  const schema = `t_${randomBytes(6).toString('hex')}`
  const metricsToken = randomBytes(24).toString('hex')
  const shared: Record<string, string> = {
    NODE_ENV: 'test',
    TESSERA_TEST_CLOCK_FILE: clockFile,
    // The whole log, debug lines included, is searched for the canaries.
    LOG_LEVEL: 'debug',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(mailbox.port),
    SMTP_STARTTLS: 'off',
    MAIL_FROM_NAME: 'Appointments',
    // Metrics are searched for the canaries too.
    TESSERA_METRICS_TOKEN: metricsToken,
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl, TESSERA_DATABASE_SCHEMA: schema } : {}),
    ...(options.redisUrl && options.instances === 2 ? { REDIS_URL: options.redisUrl } : {}),
  }
  const seed = await runTessera(['seed-demo', '--data', dataDir, '--json'], shared)
  assert.equal(seed.code, 0, seed.output)
  const json = seed.output.slice(seed.output.indexOf('{'), seed.output.lastIndexOf('}') + 1)
  const users = (JSON.parse(json) as { users: DemoUser[] }).users

  // WebAuthn needs a domain as RP ID: everyone uses http://localhost:<port>.
  const publicPort = await freePort()
  const publicUrl = `http://localhost:${publicPort}`
  const instances: RunningTessera[] = []
  let proxy: RoundRobinProxy | undefined
  let instancePorts = [publicPort]
  if (options.instances === 1) {
    instances.push(
      await startTessera({ ...shared, TESSERA_PUBLIC_URL: publicUrl }, { port: publicPort, dataDir }),
    )
  } else {
    // Same database, Redis and master key (the shared data directory holds only the key and blobs).
    // (Each prints the public address as its own, so the ports are kept here.)
    const ports = [await freePort(), await freePort()]
    instancePorts = ports
    instances.push(
      ...(await Promise.all(
        ports.map((port) => startTessera({ ...shared, TESSERA_PUBLIC_URL: publicUrl }, { port, dataDir })),
      )),
    )
    proxy = await startRoundRobinProxy(
      ports.map((port) => ({ host: '127.0.0.1', port })),
      publicPort,
    )
  }

  let offset = 0
  const serverNow = () => Date.now() + offset
  const people = new DemoPeople(users, () => publicUrl, serverNow)
  return {
    url: publicUrl,
    people,
    mailbox,
    instances,
    proxy,
    serverLog: () => instances.map((i) => i.process.output()).join('\n'),
    async metrics() {
      const texts = await Promise.all(
        instancePorts.map(async (port) => {
          const res = await fetch(`http://127.0.0.1:${port}/metrics`, {
            headers: { authorization: `Bearer ${metricsToken}` },
          })
          assert.equal(res.status, 200, 'metrics answer with the token')
          return res.text()
        }),
      )
      return texts.join('\n')
    },
    serverNow,
    async setServerClock(at) {
      offset = at - Date.now()
      writeFileSync(clockFile, String(offset))
      // The clock file is re-read at most every 100 ms.
      await new Promise((resolve) => setTimeout(resolve, 300))
    },
    async stop() {
      await proxy?.close()
      for (const i of instances) await i.stop()
      await mailbox.close()
      if (options.databaseUrl) {
        const client = new pg.Client({ connectionString: options.databaseUrl })
        await client.connect()
        await client.query(`drop schema if exists ${schema} cascade`)
        await client.end()
      }
    },
  }
}
