// `npm run bench`: every benchmark in turn. Each file also runs alone (node --import tsx bench/<file>.ts).
// BENCH_PAIRS (default 5) and BENCH_SECONDS (default 5) tune the length.
import { p6TrivialRoute } from './p6-trivial-route.ts'

const benchmarks: Array<[string, () => Promise<void>]> = [['p6-trivial-route', p6TrivialRoute]]
const only = process.argv[2]
for (const [name, run] of benchmarks) {
  if (!only || name.includes(only)) await run()
}
