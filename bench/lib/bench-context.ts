// An application context on a fresh schema of the PostgreSQL server, in this process: for writing a
// fixture through the app's own code where no Tessera server runs (the P4 baseline's database) and
// for P4's in-process statement check. Nothing in the background is started (no sealer, no jobs).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createContext, type AppContext } from '../../apps/server/src/context.ts'
import { systemClock } from '../../apps/server/src/platform/clock.ts'
import { loadConfig } from '../../apps/server/src/platform/config.ts'
import { openDatabase } from '../../apps/server/src/platform/db/database.ts'
import { createLogger } from '../../apps/server/src/platform/logger.ts'
import { SecretBox } from '../../apps/server/src/platform/secret-box.ts'
import { SESSION_COOKIE } from '../../apps/server/src/identity/session-store.ts'
import { migrateBenchDatabase } from './migrate.ts'

export interface BenchContext {
  ctx: AppContext
  close(): Promise<void>
}

export async function openBenchContext(url: string, schema: string): Promise<BenchContext> {
  const handle = await openDatabase({ url, schema })
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-bench-ctx-'))
  try {
    await migrateBenchDatabase(handle.db, schema)
    const config = loadConfig({
      env: {},
      configFile: join(dataDir, 'no-config-file.json'),
      overrides: { dataDir, host: '127.0.0.1', port: 0, rateLimitPerMinute: 100_000_000 },
    })
    const ctx = createContext({
      config,
      log: createLogger('silent'),
      db: handle.db,
      dbDriver: handle.driver,
      clock: systemClock,
      box: SecretBox.random(),
    })
    return {
      ctx,
      close: async () => {
        await handle.close()
        rmSync(dataDir, { recursive: true, force: true })
      },
    }
  } catch (err) {
    await handle.close()
    rmSync(dataDir, { recursive: true, force: true })
    throw err
  }
}

/** A full session (password + TOTP done) for the account, as the Cookie header carries it. */
export async function fullSessionCookie(ctx: AppContext, accountId: string): Promise<string> {
  const { token } = await ctx.identity.sessions.create({
    accountId,
    level: 'full',
    methods: ['password', 'totp'],
    mfaAt: ctx.clock.now(),
    ip: '127.0.0.1',
    userAgent: null,
  })
  return `${SESSION_COOKIE}=${token}`
}
