// Smoke run of every benchmark: one A/B pair, 1 s of load, no warm-up, 2,000 audit events, a small
// P4 fixture; on the PostgreSQL server of TEST_DATABASE_URL when it is set, otherwise embedded (P4
// and P8, which need the server, then only report that they were skipped). It checks only that each
// benchmark runs and prints a finite ratio, that P4's statement check passed and its mix got only
// the statuses it expects, and that P8's one booking round had no double booking: the figures mean
// nothing here (the full run is `npm run bench`, see bench/README.md). Results go to a temporary
// directory. P9 and P10 need Chromium (else they report that they were skipped); P9 checks that no
// encrypted frame was dropped by a receiver.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const RUN = fileURLToPath(new URL('./run.ts', import.meta.url))
const url = process.env['TEST_DATABASE_URL']
// P9/P10 run in Chromium and report that they were skipped without it
const chromium = existsSync(process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium')

test('every benchmark runs once and prints a finite ratio', { timeout: 300_000 }, async () => {
  const results = mkdtempSync(join(tmpdir(), 'tessera-bench-smoke-'))
  try {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', RUN], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          BENCH_PAIRS: '1',
          BENCH_SECONDS: '1',
          BENCH_WARMUP_SECONDS: '0',
          BENCH_CONNECTIONS: '8',
          BENCH_P1_BYTES: String(256 * 1024),
          BENCH_P5_EVENTS: '2000',
          BENCH_P4_PATIENTS: '2',
          BENCH_P4_OBSERVATIONS: '3',
          BENCH_P7_PAIRS: '2',
          BENCH_P7_IDLE_SOCKETS: '20',
          BENCH_P9_SECONDS: '1',
          BENCH_RESULTS_DIR: results,
          ...(url ? { BENCH_DB: 'postgres', BENCH_DATABASE_URL: url } : { BENCH_DB: 'embedded' }),
        },
      })
      let text = ''
      child.stdout.on('data', (c: Buffer) => (text += c.toString()))
      child.stderr.on('data', (c: Buffer) => (text += c.toString()))
      child.once('error', reject)
      child.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`exit ${code}:\n${text}`))))
    })
    const label = url ? 'pg' : 'embedded'
    const names = [
      `p1-vault-upload-${label}`,
      `p2-vault-download-${label}`,
      `p3-audited-read-${label}`,
      ...(url ? ['p4-fhir-crud-pg'] : []),
      `p5-audit-verify-${label}`,
      'p6-trivial-route',
      `p6-session-route-${label}`,
      `p7-idle-sockets-${label}`,
      `p7-relay-256B-${label}`,
      `p7-relay-4096B-${label}`,
      ...(url ? ['p8-booking-pg'] : []),
      ...(chromium ? ['p9-e2ee-media', 'p10-call-setup'] : []),
    ]
    for (const name of names) {
      assert.match(output, new RegExp(`^${name} \\(1 A/B pairs`, 'm'), `${name} did not report`)
    }
    if (url) {
      assert.match(output, /^ {2}PASS the baseline ran Tessera's statements/m, output)
      assert.match(output, /^ {2}PASS no unexpected status/m, output)
      assert.match(output, /^ {2}PASS 0 double bookings/m, output)
    } else {
      assert.match(output, /^p4-fhir-crud: skipped on embedded/m, output)
      assert.match(output, /^p8-booking: skipped on embedded/m, output)
    }
    if (chromium) assert.match(output, /^ {2}PASS no frame dropped by a receiver's worker/m, output)
    const ratios = [...output.matchAll(/^ratio B\/A: (\S+)x/gm)].map((m) => Number(m[1]))
    assert.equal(ratios.length, names.length, output)
    for (const r of ratios) assert.ok(Number.isFinite(r) && r > 0, `ratio ${r}:\n${output}`)
  } finally {
    rmSync(results, { recursive: true, force: true })
  }
})
