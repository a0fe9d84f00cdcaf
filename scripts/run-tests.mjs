// Runs the test suites with Node's own test runner (TypeScript through tsx).
//   unit: every *.test.ts outside tests/e2e    e2e: tests/e2e/*.test.ts    all: both, unit first
// Node 20 has no glob support in --test, so the files are found here.
import { spawn } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const skip = new Set(['node_modules', 'dist', 'data', '.git', 'test-results'])

function findTests(dir) {
  const found = []
  for (const name of readdirSync(dir)) {
    if (skip.has(name)) continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) found.push(...findTests(path))
    else if (name.endsWith('.test.ts')) found.push(relative(root, path))
  }
  return found.sort()
}

const mode = process.argv[2] ?? 'all'
const filter = process.argv[3]
const all = findTests(root).filter((f) => !filter || f.includes(filter))
const isE2e = (f) => f.startsWith('tests/e2e/')
const files = mode === 'unit' ? all.filter((f) => !isE2e(f)) : mode === 'e2e' ? all.filter(isE2e) : all
if (files.length === 0) {
  console.error(`no test files for mode "${mode}"${filter ? ` and filter "${filter}"` : ''}`)
  process.exit(1)
}
// e2e suites start servers and browsers: run them one at a time; unit files two at a time (2 cores).
const unitFiles = files.filter((f) => !isE2e(f))
const e2eFiles = files.filter(isE2e)
// Output is echoed live and the runner's own summary lines are read, so that one closing line
// can total both groups.
function run(group, concurrency) {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--test',
        // a file whose tests are done but left a handle open (a failed setup) must not hang CI
        '--test-force-exit',
        `--test-concurrency=${concurrency}`,
        '--test-reporter=spec',
        ...group,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'], cwd: root, env: { ...process.env, NODE_ENV: 'test' } },
    )
    let tail = ''
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk)
      tail = (tail + chunk.toString()).slice(-1_000_000)
    })
    child.on('close', (code) => {
      const count = (label) => Number(tail.match(new RegExp(`\u2139 ${label} (\\d+)`))?.[1] ?? 0)
      resolve({ code, passed: count('pass'), failed: count('fail'), skipped: count('skipped') })
    })
  })
}

let passed = 0
let failedCount = 0
let skipped = 0
let failed = false
for (const [group, concurrency] of [
  [unitFiles, 2],
  [e2eFiles, 1],
]) {
  if (group.length === 0) continue
  const r = await run(group, concurrency)
  passed += r.passed
  failedCount += r.failed
  skipped += r.skipped
  if (r.code !== 0) failed = true
}
if (failed && failedCount === 0) failedCount = 1
console.log(`\ntests: ${passed} passed, ${failedCount} failed, ${skipped} skipped`)
process.exit(failed ? 1 : 0)
