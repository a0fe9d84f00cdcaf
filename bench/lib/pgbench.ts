// The P8 baseline: PostgreSQL's own pgbench (TPC-B-like, `pgbench -n -c 10 -j 2 -T <s>`) on a scratch
// database of the same server, created and initialised (`pgbench -i -s 1`) for the benchmark and
// dropped afterwards. A run reports tps and the CPU every local postgres process spent meanwhile,
// its own backends included (they exit with it: lib/pg-cpu-reaped.ts).
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { postgresCpuSecondsWithExited } from './pg-cpu-reaped.ts'

export const PGBENCH = process.env['BENCH_PGBENCH'] ?? '/usr/bin/pgbench'

export interface PgbenchRun {
  tps: number
  transactions: number
  latencyAverageMs: number
  /** CPU seconds of every local postgres process during the run. */
  dbCpuSeconds: number
}

export interface ScratchDatabase {
  /** Connection URL of the scratch database. */
  url: string
  run(seconds: number): Promise<PgbenchRun>
  drop(): Promise<void>
}

function pgbench(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(PGBENCH, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString()))
    child.stderr.on('data', (c: Buffer) => (out += c.toString()))
    child.once('error', reject)
    child.once('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`pgbench ${args[0]} exited with ${code}:\n${out}`)),
    )
  })
}

/** The figures of a pgbench run's summary (`tps = 1234.5 (without initial connection time)`). */
export function parsePgbench(output: string): Omit<PgbenchRun, 'dbCpuSeconds'> {
  const tps = Number(output.match(/^tps = ([\d.]+)/m)?.[1])
  const transactions = Number(output.match(/^number of transactions actually processed: (\d+)/m)?.[1])
  const latencyAverageMs = Number(output.match(/^latency average = ([\d.]+) ms/m)?.[1])
  if (!Number.isFinite(tps) || !(tps > 0)) throw new Error(`no tps in pgbench output:\n${output}`)
  return { tps, transactions, latencyAverageMs }
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

/** Creates `bench_p8_pgbench_<random>` on the server of `url` and runs `pgbench -i -s 1` in it. */
export async function scratchPgbench(url: string): Promise<ScratchDatabase> {
  const name = `bench_p8_pgbench_${randomBytes(6).toString('hex')}`
  const scratch = new URL(url)
  scratch.pathname = `/${name}`
  await admin(url, `create database ${name}`)
  const drop = () => admin(url, `drop database if exists ${name} with (force)`)
  try {
    await pgbench(['-i', '-s', '1', '-q', scratch.href])
  } catch (err) {
    await drop()
    throw err
  }
  return {
    url: scratch.href,
    async run(seconds: number): Promise<PgbenchRun> {
      const before = postgresCpuSecondsWithExited()
      const output = await pgbench(['-n', '-c', '10', '-j', '2', '-T', String(seconds), scratch.href])
      return { ...parsePgbench(output), dbCpuSeconds: postgresCpuSecondsWithExited() - before }
    },
    drop,
  }
}
