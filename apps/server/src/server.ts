// Starting and stopping a Tessera instance: data directory checks, database, migrations, TLS,
// listen, the first-admin link, jobs, and a graceful shutdown on SIGTERM/SIGINT.
import { constants } from 'node:fs'
import { access, mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import { buildApp } from './app.ts'
import { createContext, type AppContext } from './context.ts'
import { describeDatabase, type Config } from './platform/config.ts'
import type { Clock } from './platform/clock.ts'
import { clockFromEnvironment } from './platform/shifted-clock.ts'
import { openDatabase, type DatabaseHandle } from './platform/db/database.ts'
import { migrateToLatest } from './platform/db/migrate.ts'
import { loadTls } from './platform/tls.ts'
import { setupLinkUrl } from './setup/setup-service.ts'
import { SecretBox } from './platform/secret-box.ts'
import { loadMasterKeys } from './vault/keys/load-master-keys.ts'
import { installEgressBackstop } from './compliance/egress-backstop.ts'

/** A problem the operator must fix; printed as one line, exit status 1. */
export class StartupError extends Error {
  override readonly name = 'StartupError'
}

export async function ensureDataDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true })
    await access(dir, constants.W_OK)
    const probe = join(dir, `.write-test-${process.pid}`)
    await writeFile(probe, '')
    await rm(probe)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error'
    throw new StartupError(
      `the data directory ${dir} is not writable (${code}); set --data or TESSERA_DATA_DIR`,
    )
  }
}

export async function openConfiguredDatabase(config: Config): Promise<DatabaseHandle> {
  if (!config.databaseUrl) await ensureDataDir(config.dataDir)
  try {
    return await openDatabase({
      url: config.databaseUrl,
      embeddedDir: config.databaseUrl ? undefined : join(config.dataDir, 'db'),
      schema: config.databaseSchema,
      poolSize: config.databasePoolSize,
    })
  } catch (err) {
    throw new StartupError(`${describeDatabase(config)}: ${(err as Error).message}`)
  }
}

/** The master key: TESSERA_MASTER_KEY, TESSERA_MASTER_KEY_FILE, or <data>/keys/master.key (made on first use). */
export async function loadSecretBox(config: Config): Promise<SecretBox> {
  try {
    if (config.masterKey) return SecretBox.fromKey(Buffer.from(config.masterKey, 'base64'))
    const file = config.masterKeyFile ?? join(config.dataDir, 'keys', 'master.key')
    if (!config.masterKeyFile) await ensureDataDir(config.dataDir)
    return await SecretBox.fromFile(file)
  } catch (err) {
    if (err instanceof StartupError) throw err
    throw new StartupError(`cannot load the master key: ${(err as Error).message}`)
  }
}

export interface RunningServer {
  app: FastifyInstance
  ctx: AppContext
  url: string
  stop(): Promise<void>
}

export interface StartOptions {
  config: Config
  log: Logger
  clock?: Clock
  /** Print lines for the operator (the URL, the setup link). */
  announce?: (line: string) => void
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { config, log } = options
  const announce = options.announce ?? (() => undefined)
  const handle = await openConfiguredDatabase(config)
  try {
    await migrateToLatest(handle.db)
  } catch (err) {
    await handle.close()
    throw new StartupError((err as Error).message)
  }
  let box: SecretBox
  try {
    box = await loadSecretBox(config)
  } catch (err) {
    await handle.close()
    throw err
  }
  const ctx = createContext({
    config,
    log,
    db: handle.db,
    dbDriver: handle.driver,
    clock: options.clock ?? clockFromEnvironment(log),
    box,
    masterKeys: loadMasterKeys(config, box),
  })
  const tls = await loadTls(config)
  const app = await buildApp(ctx, { https: tls ? { key: tls.key, cert: tls.cert } : undefined })
  // S39 backstop: from here on no code path in this process connects outside the allowlist.
  await ctx.egress.refresh()
  const removeEgressBackstop = installEgressBackstop(ctx.egress)
  try {
    await app.listen({ host: config.host, port: config.port })
  } catch (err) {
    removeEgressBackstop()
    await app.close()
    await handle.close()
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE') {
      throw new StartupError(
        `port ${config.port} on ${config.host} is already in use; choose another with --port or TESSERA_PORT`,
      )
    }
    if (code === 'EACCES')
      throw new StartupError(`not allowed to listen on port ${config.port}; use a port above 1023`)
    throw new StartupError(
      `cannot listen on ${config.host}:${config.port} (${code ?? (err as Error).message})`,
    )
  }
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host
  const url =
    config.publicUrl ??
    `${tls ? 'https' : 'http'}://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`
  ctx.listening.url = url
  ctx.jobRunner.start()
  ctx.sealer.start()

  announce(`Tessera ${ctx.version} is running at ${url} (${describeDatabase(config)})`)
  if (tls?.selfSigned) announce(`Self-signed certificate, SHA-256 fingerprint ${tls.fingerprint}`)
  if (!(await ctx.setup.hasAdmin())) {
    const link = await ctx.setup.issueAdminLink()
    announce(`No administrator yet. Create one within 24 hours, once, at: ${setupLinkUrl(url, link.token)}`)
  }

  let stopping: Promise<void> | undefined
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await app.close()
      await ctx.audit.drain()
      await ctx.sealer.stop()
      await ctx.jobRunner.stop()
      await handle.close()
      removeEgressBackstop()
    })())
  return { app, ctx, url, stop }
}

/** Stops cleanly on SIGTERM/SIGINT; gives in-flight requests up to 10 s. */
export function stopOnSignals(server: RunningServer, log: Logger): void {
  const onSignal = (signal: NodeJS.Signals): void => {
    log.info({ signal }, 'shutting down')
    const force = setTimeout(() => {
      log.error('shutdown took longer than 10 s; exiting')
      process.exit(1)
    }, 10_000)
    force.unref()
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'error during shutdown')
        process.exit(1)
      },
    )
  }
  process.once('SIGTERM', onSignal)
  process.once('SIGINT', onSignal)
}
