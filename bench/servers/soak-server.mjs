// The soak's server: `tessera start` exactly as the CLI runs it, plus one timer that, every
// SOAK_MEMORY_MS (default 5000), runs a full garbage collection (node --expose-gc) and reports
// process.memoryUsage() to the parent over IPC: the live heap after GC, which a leak raises and
// allocation churn does not. Nothing in the server reads this; the parent starts it (bench/soak.ts).
import { register } from 'tsx/esm/api'

register()
const every = Number(process.env['SOAK_MEMORY_MS'] ?? 5000)
setInterval(() => {
  globalThis.gc?.()
  process.send?.({ memory: process.memoryUsage(), at: Date.now() })
}, every).unref()
const { runCli } = await import('../../apps/server/src/cli.ts')
await runCli(process.argv)
