// `tessera keys status` and `tessera keys rotate [--retire]` (vault/README.md, "Rotation").
import { Command, InvalidArgumentError, type Option } from 'commander'
import type { AppContext } from '../../context.ts'
import { formatVaultKeyStatus } from './key-status.ts'

interface Flags {
  data?: string
}

type WithContext = <T>(flags: Flags, work: (ctx: AppContext) => Promise<T>) => Promise<T>

function positive(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new InvalidArgumentError('a whole number 1-100000')
  return n
}

export function keysCommand(
  withContext: WithContext,
  dataOption: Option,
  say: (line: string) => void,
): Command {
  const keys = new Command('keys').description('the vault key hierarchy: master key versions and rotation')

  keys
    .command('status')
    .description('master key versions, patient keys under each, rotation progress, pending erasures')
    .addOption(dataOption)
    .action(async (flags: Flags) => {
      await withContext(flags, async (ctx) => {
        for (const line of formatVaultKeyStatus(await ctx.vault.status())) say(line)
      })
    })

  keys
    .command('rotate')
    .description(
      'make a new master key version and re-wrap every patient key under it, in committed batches; ' +
        'after an interruption, running it again finishes the same rotation',
    )
    .addOption(dataOption)
    .option('--retire', 'afterwards, destroy older master key versions (completes erasure for backups)')
    .option('--batch-size <n>', 'patient keys re-wrapped per transaction (default 200)', positive)
    .action(async (flags: Flags & { retire?: boolean; batchSize?: number }) => {
      await withContext(flags, async (ctx) => {
        let shown = 0
        const outcome = await ctx.vault
          .rotate({
            ...(flags.batchSize ? { batchSize: flags.batchSize } : {}),
            retire: flags.retire === true,
            onProgress: (p) => {
              if (p.remaining && Date.now() - shown < 1000) return
              shown = Date.now()
              say(`v${p.version}: ${p.rewrapped} patient key(s) re-wrapped, ${p.remaining} to go`)
            },
          })
          .then(
            (result) => ({ result }),
            (error: unknown) => ({ error }),
          )
        const failed = 'error' in outcome
        await ctx.audit.record([
          {
            action: 'vault.master-key-rotate',
            outcome: failed ? 'failure' : 'success',
            actorId: null,
            actorRole: 'operator',
            detail: failed ? null : `v${outcome.result.version}`,
          },
        ])
        if (failed) throw outcome.error
        const r = outcome.result
        say(
          `${r.created ? 'made' : 'resumed'} master key version ${r.version}; ${r.rewrapped} patient key(s) re-wrapped; rotation complete`,
        )
        if (r.retired.length)
          say(`destroyed master key version(s) ${r.retired.map((v) => `v${v}`).join(', ')}`)
        for (const v of r.kept) {
          say(
            `v${v} is retired but derived from the server master key, which cannot be destroyed here; ` +
              'backups made while it was current open with that key (see vault/README.md)',
          )
        }
      })
    })

  return keys
}
