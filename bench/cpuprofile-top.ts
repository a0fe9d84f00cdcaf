// Summarises .cpuprofile files (node --cpu-prof; BENCH_PROFILE_DIR for the launcher servers): the
// top functions by self time, and self time grouped by package or source directory.
//   node --import tsx bench/cpuprofile-top.ts FILE.cpuprofile [N]
import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

function where(url: string): string {
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1]
  if (pkg) return pkg
  const src = url.match(/\/work\/[^/]+\/(apps\/server\/src\/[^/]+|bench|packages\/[^/]+)/)?.[1]
  if (src) return src
  return url.startsWith('node:') ? url : url === '' ? '(native/vm)' : url.replace(/^file:\/\//, '')
}

const [file, topArg] = process.argv.slice(2)
if (!file) throw new Error('usage: cpuprofile-top.ts FILE.cpuprofile [N]')
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const self = new Map<number, number>()
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))
// Percentages are of busy time: idle samples (waiting on sockets, timers) are left out.
const idleIds = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id))
for (const id of idleIds) self.delete(id)
const total = [...self.values()].reduce((a, b) => a + b, 0)
const fns = new Map<string, number>()
const groups = new Map<string, number>()
for (const [id, us] of self) {
  const n = byId.get(id)!
  const f = n.callFrame
  const name = `${f.functionName || '(anonymous)'}  ${where(f.url)}${f.url ? `:${f.lineNumber + 1}` : ''}`
  fns.set(name, (fns.get(name) ?? 0) + us)
  const g = f.url ? where(f.url) : f.functionName || '(anonymous)'
  groups.set(g, (groups.get(g) ?? 0) + us)
}
const pct = (us: number): string => `${((100 * us) / total).toFixed(1).padStart(5)}%`
console.log(`${file}: ${(total / 1e6).toFixed(2)} s busy (idle left out)`)
console.log('\nself time by function')
for (const [name, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 30)))
  console.log(`${pct(us)}  ${name}`)
console.log('\nself time by package / source directory')
for (const [name, us] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, 20))
  console.log(`${pct(us)}  ${name}`)
