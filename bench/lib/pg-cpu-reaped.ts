// CPU of the local PostgreSQL server including backends that have exited. proc-cpu.ts's
// postgresCpuSeconds sums the live `postgres` processes, which misses a client that connects for
// one run and leaves (pgbench: its backends exit with it, taking their CPU out of the sum). The
// postmaster reaps its backends, so their CPU moves into its cutime/cstime: adding those fields of
// every `postgres` process counts live and exited backends alike (Linux /proc/<pid>/stat).
import { readdirSync, readFileSync } from 'node:fs'

const CLOCK_TICKS = 100

export function postgresCpuSecondsWithExited(): number {
  let ticks = 0
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    let stat: string
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8')
    } catch {
      continue // exited between the listing and the read
    }
    const close = stat.lastIndexOf(')')
    if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue
    const f = stat.slice(close + 2).split(' ')
    // utime, stime, cutime, cstime (fields 14-17 of stat; 11-14 after the command).
    ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])
  }
  return ticks / CLOCK_TICKS
}
