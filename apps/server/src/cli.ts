// The `tessera` command. Every command works on the embedded database in --data DIR (default
// ./data) or on DATABASE_URL.
import { Command, Option } from 'commander'
import { ConfigError, loadConfig, type Config } from './platform/config.ts'
import { createLogger } from './platform/logger.ts'
import { systemClock } from './platform/clock.ts'
import { migrateToLatest } from './platform/db/migrate.ts'
import { createContext, defaultAnchorFile } from './context.ts'
import { verifyAuditTrail } from './audit/verify.ts'
import { grantAppRole } from './platform/db/app-role.ts'
import { readAnchorFile } from './audit/anchor.ts'
import { loadSecretBox, openConfiguredDatabase, startServer, stopOnSignals, StartupError } from './server.ts'
import { setupLinkUrl } from './setup/setup-service.ts'
import { seedDemoClinic, formatDemoClinic } from './setup/demo-seed.ts'
import { VERSION } from './version.ts'
import { keysCommand } from './vault/keys/keys-cli.ts'
import { complianceCommand } from './compliance/compliance-cli.ts'
import { loadMasterKeys } from './vault/keys/load-master-keys.ts'
import { RetireRefused } from './vault/keys/retirement.ts'
import { VaultKeyUnavailable } from './vault/keys/errors.ts'
import { isOperationsError, operationsCommands } from './operations/operations-cli.ts'

const say = (line: string): void => void process.stdout.write(`${line}\n`)

interface CommonFlags {
  data?: string
  port?: string
  host?: string
  tls?: string
}

function configFrom(flags: CommonFlags): Config {
  return loadConfig({
    overrides: {
      ...(flags.data ? { dataDir: flags.data } : {}),
      ...(flags.port !== undefined ? { port: Number(flags.port) } : {}),
      ...(flags.host ? { host: flags.host } : {}),
      ...(flags.tls === 'self-signed' ? { tlsSelfSigned: true } : {}),
    },
  })
}

/** Runs a command against the configured database with migrations applied. */
async function withContext<T>(
  flags: CommonFlags,
  work: (ctx: ReturnType<typeof createContext>) => Promise<T>,
): Promise<T> {
  const config = configFrom(flags)
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel)
  const box = await loadSecretBox(config)
  const handle = await openConfiguredDatabase(config)
  let ctx: ReturnType<typeof createContext> | undefined
  try {
    await migrateToLatest(handle.db)
    ctx = createContext({
      config,
      log,
      db: handle.db,
      dbDriver: handle.driver,
      clock: systemClock,
      box,
      masterKeys: loadMasterKeys(config, box),
    })
    return await work(ctx)
  } finally {
    // A command that published an event (the demo seed does) holds a Redis connection when
    // REDIS_URL is set: closed here, or the process would never exit.
    await ctx?.events.close()
    await handle.close()
  }
}

const dataOption = new Option(
  '--data <dir>',
  'data directory for the embedded database and files (default ./data)',
)

export function buildCli(): Command {
  const program = new Command('tessera')
    .description('Tessera secure clinic platform')
    .version(VERSION, '-v, --version')
  program.showHelpAfterError()

  program
    .command('start')
    .description('start the server (runs pending migrations first)')
    .addOption(dataOption)
    .option('--port <port>', 'port to listen on (default 3000; 0 picks a free one)')
    .option('--host <host>', 'address to listen on (default 127.0.0.1; 0.0.0.0 for the LAN)')
    .addOption(
      new Option('--tls <mode>', 'serve HTTPS with a generated certificate').choices(['self-signed']),
    )
    .action(async (flags: CommonFlags) => {
      const config = configFrom(flags)
      const log = createLogger(config.logLevel)
      const server = await startServer({ config, log, announce: say })
      stopOnSignals(server, log)
    })

  program
    .command('migrate')
    .description('apply pending database migrations')
    .addOption(dataOption)
    .action(async (flags: CommonFlags) => {
      const config = configFrom(flags)
      const handle = await openConfiguredDatabase(config)
      try {
        const { applied } = await migrateToLatest(handle.db)
        say(
          applied.length
            ? `applied ${applied.length} migration(s): ${applied.join(', ')}`
            : 'database is up to date',
        )
      } finally {
        await handle.close()
      }
    })

  program
    .command('create-admin')
    .description('print a one-time link that creates an administrator account (valid 24 hours)')
    .addOption(dataOption)
    .option(
      '--url <url>',
      'the address people use to reach Tessera (default TESSERA_PUBLIC_URL or http://localhost:3000)',
    )
    .action(async (flags: CommonFlags & { url?: string }) => {
      await withContext(flags, async (ctx) => {
        const base = flags.url ?? ctx.config.publicUrl ?? `http://localhost:${ctx.config.port}`
        const link = await ctx.setup.issueAdminLink()
        await ctx.audit.record([
          { action: 'admin.setup-link-issue', outcome: 'success', actorId: null, actorRole: 'operator' },
        ])
        say(`One-time administrator setup link (valid until ${link.expiresAt.toISOString()}):`)
        say(setupLinkUrl(base.replace(/\/$/, ''), link.token))
      })
    })

  program
    .command('seed-demo')
    .description('create a demo clinic with staff and patients (refuses if real data exists)')
    .addOption(dataOption)
    .option('--json', 'print the demo accounts and their credentials as JSON')
    .action(async (flags: CommonFlags & { json?: boolean }) => {
      await withContext(flags, async (ctx) => {
        const clinic = await seedDemoClinic(ctx)
        await ctx.audit.record([
          { action: 'admin.seed-demo', outcome: 'success', actorId: null, actorRole: 'operator' },
        ])
        say(flags.json ? JSON.stringify(clinic, null, 2) : formatDemoClinic(clinic))
      })
    })

  program
    .command('grant-app-role')
    .description(
      'on a PostgreSQL server: give an existing role what the server needs, audit tables insert-only',
    )
    .argument('<role>', 'the role the server will connect as')
    .action(async (role: string, flags: CommonFlags) => {
      const config = configFrom(flags)
      if (!config.databaseUrl)
        throw new StartupError('grant-app-role is for a PostgreSQL server (set DATABASE_URL to the owner)')
      const handle = await openConfiguredDatabase(config)
      try {
        await migrateToLatest(handle.db)
        const statements = await grantAppRole(handle.db, role, config.databaseSchema ?? 'public')
        say(
          `granted ${role} what the server needs (${statements.length} statements); audit tables are insert-only for it`,
        )
      } finally {
        await handle.close()
      }
    })

  const audit = program.command('audit').description('the tamper-evident audit trail')
  audit
    .command('verify')
    .description('re-hash every event, check batch roots, the checkpoint chain, signatures and the anchor')
    .addOption(dataOption)
    .option('--anchor <file>', 'the external anchor file (default: the configured one)')
    .option('--no-seal', 'do not seal pending events first')
    .action(async (flags: CommonFlags & { anchor?: string; seal?: boolean }) => {
      const ok = await withContext(flags, async (ctx) => {
        if (flags.seal !== false) await ctx.sealer.sealOnce()
        const anchorFile = flags.anchor ?? defaultAnchorFile(ctx.config)
        const anchor =
          ctx.config.auditAnchorUrl && !flags.anchor ? undefined : await readAnchorFile(anchorFile)
        const started = performance.now()
        const report = await verifyAuditTrail(ctx.db, anchor)
        const seconds = (performance.now() - started) / 1000
        say(
          `checked ${report.events} events and ${report.checkpoints} checkpoints in ${seconds.toFixed(2)} s` +
            (report.anchorEntries === null
              ? ' (no anchor given)'
              : ` against ${report.anchorEntries} anchored checkpoints (${anchorFile})`),
        )
        if (report.unsealed) say(`${report.unsealed} events are not sealed yet`)
        if (report.ok) {
          say('audit trail verified: OK')
          return true
        }
        say(`audit trail FAILED verification: ${report.problems.length} problem(s)`)
        if (report.firstBadEventId) say(`first bad event id: ${report.firstBadEventId}`)
        for (const p of report.problems.slice(0, 20)) {
          say(
            `  ${p.kind}: ${p.eventId ? `event ${p.eventId} ` : ''}${p.checkpointId ? `checkpoint ${p.checkpointId} ` : ''}${p.message}`,
          )
        }
        return false
      })
      if (!ok) process.exitCode = 1
    })

  program.addCommand(keysCommand(withContext, dataOption, say))
  for (const command of operationsCommands(configFrom, withContext, dataOption, say))
    program.addCommand(command)
  program.addCommand(complianceCommand(withContext, dataOption, say))

  program
    .command('version')
    .description('print the version')
    .action(() => say(VERSION))

  return program
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv)
  } catch (err) {
    if (
      err instanceof ConfigError ||
      err instanceof StartupError ||
      err instanceof RetireRefused ||
      err instanceof VaultKeyUnavailable ||
      isOperationsError(err) ||
      (err as Error).name === 'DemoSeedRefused'
    ) {
      process.stderr.write(`tessera: ${(err as Error).message}\n`)
      process.exit(1)
    }
    throw err
  }
}
