// CPU time of the Chromium this process launched: every descendant process whose executable is
// Chromium's (browser, renderers, GPU, network and audio utilities), from /proc/<pid>/stat, with the
// renderers' dedicated worker threads (the E2EE workers; Chromium names them "DedicatedWorker
// thread") counted apart from /proc/<pid>/task/<tid>/stat.
import { readdirSync, readFileSync } from 'node:fs'

const CLOCK_TICKS = 100

interface Stat {
  comm: string
  ppid: number
  ticks: number
}

function readStat(path: string): Stat | null {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return null
  }
  const close = text.lastIndexOf(')')
  const fields = text.slice(close + 2).split(' ')
  return {
    comm: text.slice(text.indexOf('(') + 1, close),
    ppid: Number(fields[1]),
    ticks: Number(fields[11]) + Number(fields[12]),
  }
}

function processType(pid: number): string {
  try {
    // renderers rewrite their command line as one space-separated title
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/)
    const type = args.find((a) => a.startsWith('--type='))?.slice(7)
    if (!type) return 'browser'
    const sub = args
      .find((a) => a.startsWith('--utility-sub-type='))
      ?.split('.')
      .at(-1)
    return type === 'utility' && sub ? `utility:${sub}` : type
  } catch {
    return 'gone'
  }
}

export interface ChromiumCpu {
  /** pid -> CPU seconds so far. */
  processes: Map<number, { type: string; seconds: number; workerSeconds: number }>
}

/** CPU seconds of every Chromium process below this one (and of their worker threads). */
export function chromiumCpu(root = process.pid): ChromiumCpu {
  const all = new Map<number, Stat>()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const s = readStat(`/proc/${name}/stat`)
    if (s) all.set(Number(name), s)
  }
  const below = (pid: number): boolean => {
    for (let p = all.get(pid)?.ppid, hops = 0; p && hops < 32; p = all.get(p)?.ppid, hops++)
      if (p === root) return true
    return false
  }
  const processes: ChromiumCpu['processes'] = new Map()
  for (const [pid, s] of all) {
    if (!/chrom/i.test(s.comm) || !below(pid)) continue
    let workerTicks = 0
    try {
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const t = readStat(`/proc/${pid}/task/${tid}/stat`)
        if (t?.comm.startsWith('DedicatedWorker')) workerTicks += t.ticks
      }
    } catch {
      // exited meanwhile
    }
    processes.set(pid, {
      type: processType(pid),
      seconds: s.ticks / CLOCK_TICKS,
      workerSeconds: workerTicks / CLOCK_TICKS,
    })
  }
  return { processes }
}

export interface CpuDelta {
  total: number
  /** Of which in dedicated worker threads. */
  workers: number
  byType: Record<string, number>
}

/** CPU seconds spent between two readings (a process started in between counts from zero). */
export function cpuBetween(before: ChromiumCpu, after: ChromiumCpu): CpuDelta {
  const out: CpuDelta = { total: 0, workers: 0, byType: {} }
  for (const [pid, p] of after.processes) {
    const b = before.processes.get(pid)
    const d = p.seconds - (b?.seconds ?? 0)
    out.total += d
    out.workers += p.workerSeconds - (b?.workerSeconds ?? 0)
    out.byType[p.type] = (out.byType[p.type] ?? 0) + d
  }
  return out
}
