// `tessera compliance check [--json]`: the compliance centre's checklist in a terminal. Exit status
// 1 when any check fails (warnings do not), so a deploy step can refuse a non-compliant setup.
import { Command, type Option } from 'commander'
import type { AppContext } from '../context.ts'
import { readAnchorFile } from '../audit/anchor.ts'
import { defaultAnchorFile } from '../context.ts'

type WithContext = <T>(flags: { data?: string }, work: (ctx: AppContext) => Promise<T>) => Promise<T>

const MARK = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' } as const

export function complianceCommand(
  withContext: WithContext,
  dataOption: Option,
  say: (line: string) => void,
): Command {
  const compliance = new Command('compliance').description('the compliance centre')
  compliance
    .command('check')
    .description(
      'run every compliance check: MFA, consults, uploads, audit, AI, TLS, sessions, keys, backups, retention, processors, egress',
    )
    .addOption(dataOption)
    .option('--json', 'print the checks as JSON')
    .action(async (flags: { data?: string; json?: boolean }) => {
      const failed = await withContext(flags, async (ctx) => {
        const anchor = ctx.config.auditAnchorUrl
          ? undefined
          : await readAnchorFile(defaultAnchorFile(ctx.config))
        const report = await ctx.compliance.report(anchor ? { anchor } : {})
        if (flags.json) say(JSON.stringify(report, null, 2))
        else {
          for (const c of report.checks) {
            say(`${MARK[c.status]}  ${c.id}: ${c.title}`)
            say(`      ${c.evidence}`)
            if (c.action) say(`      To do: ${c.action}`)
          }
        }
        return report.checks.some((c) => c.status === 'fail')
      })
      if (failed) process.exitCode = 1
    })
  return compliance
}
