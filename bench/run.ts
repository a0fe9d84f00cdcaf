// `npm run bench`: every benchmark in turn; `npm run bench -- p6` those whose name contains `p6`.
// Each file also runs alone (node --import tsx bench/<file>.ts). BENCH_PAIRS (default 5),
// BENCH_SECONDS (default 5), BENCH_CONNECTIONS (default 32), BENCH_DB (postgres|embedded|both),
// BENCH_P1_BYTES (default 256 MiB), BENCH_P5_EVENTS (default 200000), BENCH_P4_PATIENTS / BENCH_P4_OBSERVATIONS tune it; see README.md.
import { p1p2All } from './p1p2-vault.ts'
import { p3All } from './p3-audited-read.ts'
import { p4All } from './p4-fhir-crud.ts'
import { p5All } from './p5-audit-verify.ts'
import { p6SessionAll } from './p6-session-route.ts'
import { p6TrivialRoute } from './p6-trivial-route.ts'
import { p7All } from './p7-signalling.ts'
import { p8All } from './p8-booking.ts'
import { p9E2eeMedia } from './p9-e2ee-media.ts'
import { p10CallSetup } from './p10-call-setup.ts'

const benchmarks: Array<[string, () => Promise<void>]> = [
  ['p1p2-vault', p1p2All],
  ['p3-audited-read', p3All],
  ['p4-fhir-crud', p4All],
  ['p5-audit-verify', p5All],
  ['p6-trivial-route', p6TrivialRoute],
  ['p6-session-route', p6SessionAll],
  ['p7-signalling', p7All],
  ['p8-booking', p8All],
  ['p9-e2ee-media', p9E2eeMedia],
  ['p10-call-setup', p10CallSetup],
]
const only = process.argv[2]
for (const [name, run] of benchmarks) {
  if (!only || name.includes(only)) await run()
}
