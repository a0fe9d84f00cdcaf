// CPU time from /proc (Linux): of one process, and of every PostgreSQL process on this machine (the
// local server's backends, WAL writer and checkpointer: the database's share of a request's cost).
import { readdirSync, readFileSync } from 'node:fs'

const CLOCK_TICKS = 100

function statFields(pid: string | number): { comm: string; fields: string[] } | null {
  let stat: string
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return null // exited between the listing and the read
  }
  const close = stat.lastIndexOf(')')
  return { comm: stat.slice(stat.indexOf('(') + 1, close), fields: stat.slice(close + 2).split(' ') }
}

/** utime + stime of a process in seconds. */
export function cpuSecondsOf(pid: number): number {
  const s = statFields(pid)
  if (!s) throw new Error(`process ${pid} is gone`)
  return (Number(s.fields[11]) + Number(s.fields[12])) / CLOCK_TICKS
}

/** utime + stime of every process named `postgres` that we can read (0 when there is none). */
export function postgresCpuSeconds(): number {
  let ticks = 0
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const s = statFields(name)
    if (s?.comm === 'postgres') ticks += Number(s.fields[11]) + Number(s.fields[12])
  }
  return ticks / CLOCK_TICKS
}
