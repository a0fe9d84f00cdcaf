// An app on a fresh test database, driven with app.inject() (no socket) or listening on a free port.
import type { FastifyInstance } from 'fastify'
import type { KyselyPlugin } from 'kysely'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FileAnchor } from '../audit/anchor.ts'
import { buildApp, type RegisteredRoute } from '../app.ts'
import { createContext, type AppContext } from '../context.ts'
import { loadConfig, type Config } from '../platform/config.ts'
import { FakeClock } from '../platform/clock.ts'
import { createTestDatabase, type TestDatabase } from './test-database.ts'
import { captureLogs, type LogCapture } from './log-capture.ts'
import type { DatabaseDriver } from '../platform/db/database.ts'
import { SecretBox } from '../platform/secret-box.ts'
import type { MailTransport } from '../platform/mail/mailer.ts'
import { createOutboxTransport } from '../platform/mail/outbox-transport.ts'
import { createMemoryOutboxStore, type MemoryOutboxStore } from '../platform/mail/memory-outbox-store.ts'

export interface TestApp {
  app: FastifyInstance
  ctx: AppContext
  clock: FakeClock
  logs: LogCapture
  database: TestDatabase
  /** Mail delivered by the mail job (run `t.deliverMail()` to send what is queued). */
  outbox: MemoryOutboxStore
  deliverMail(): Promise<number>
  /** Headers a same-origin browser request carries (Origin + the CSRF header). */
  browserHeaders: Record<string, string>
  close(): Promise<void>
}

export interface TestAppOptions {
  config?: Partial<Config>
  driver?: DatabaseDriver | 'default'
  /** Runs before routes are sealed: tests may add routes of their own (e.g. one that throws). */
  extend?: (app: FastifyInstance, ctx: AppContext) => void | Promise<void>
  onRoute?: (route: RegisteredRoute) => void
  /** Reuse another test app's database (its close() then leaves the database open). */
  database?: TestDatabase
  /** The master key; share the other app's when sharing its database. */
  box?: SecretBox
  /** Kysely plugins wrapped around the app's database (fault injection). */
  plugins?: KyselyPlugin[]
  /** Where mail goes; by default an in-memory outbox (`t.outbox`). */
  mailTransport?: MailTransport
}

export const TEST_ORIGIN = 'http://localhost:3000'

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const shared = options.database
  const database = shared ?? (await createTestDatabase(options.driver))
  let db = database.db
  for (const plugin of options.plugins ?? []) db = db.withPlugin(plugin)
  const logs = captureLogs()
  const outbox = createMemoryOutboxStore()
  const clock = new FakeClock()
  const overrides: Partial<Config> = { dataDir: '/tmp/tessera-test-unused', publicUrl: TEST_ORIGIN }
  Object.assign(overrides, options.config)
  const config = loadConfig({ env: {}, configFile: '/nonexistent/tessera.config.json', overrides })
  const ctx = createContext({
    config,
    log: logs.log,
    db,
    dbDriver: database.driver,
    clock,
    box: options.box ?? SecretBox.random(),
    anchor: new FileAnchor(join(mkdtempSync(join(tmpdir(), 'tessera-anchor-')), 'audit-anchor.jsonl')),
    mailTransport: options.mailTransport ?? createOutboxTransport(outbox, { now: () => clock.now() }),
  })
  const extend = options.extend
  const app = await buildApp(ctx, {
    extend: extend ? (a) => extend(a, ctx) : undefined,
    onRoute: options.onRoute,
  })
  await app.ready()
  return {
    app,
    ctx,
    clock,
    logs,
    database,
    outbox,
    deliverMail: async () => {
      let total = 0
      for (let n = await ctx.jobRunner.runDue(); n > 0; n = await ctx.jobRunner.runDue()) total += n
      return total
    },
    browserHeaders: { origin: TEST_ORIGIN, 'x-tessera-request': '1' },
    close: async () => {
      await app.close()
      if (!shared) await database.close()
    },
  }
}
