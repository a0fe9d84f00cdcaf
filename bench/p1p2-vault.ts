// P1 and P2: the document vault. P1 uploads one PDF (POST /api/patients/:patientId/documents,
// multipart, streamed: size limit, PDF checks, SHA-256, per-document key, encryption, fsync'd blob)
// and P2 downloads it (GET /api/documents/:id/content: every segment verified, then size and
// SHA-256). Baseline A: the same server with lib/plain-cipher.ts in place of encryptStream and
// decryptStream (same framing, no AES-GCM; BENCH_CIPHER=off in servers/tessera-launcher.ts).
// Throughput is MB/s of file per transfer (one transfer at a time); P1 also samples the server's
// VmRSS (/proc/<pid>/status) during each upload, P2 measures time to the first body byte.
// Goals (PERFORMANCE.md): P1 >= 0.7x, RSS growth <= 64 MB for a 1 GB upload; P2 >= 0.7x, TTFB <= 1.2x.
// BENCH_P1_BYTES (default 256 MiB) sets the file size; 1 GB is BENCH_P1_BYTES=1000000000.
import { readFileSync } from 'node:fs'
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import {
  cpuSecondsOf,
  median,
  pairsFromEnv,
  report,
  summarise,
  withLoadNote,
  type RunFigures,
} from './lib/ab.ts'
import { benchDatabases, dbLabel, type BenchDb } from './lib/databases.ts'
import { launcherSide, type LaunchedTessera } from './lib/launcher.ts'
import { loadavg } from 'node:os'

const MB = 1024 * 1024
const fileBytes = (): number => Math.max(Number(process.env['BENCH_P1_BYTES'] ?? 256 * MB), 4096)
const CHUNK = 256 * 1024
const BOUNDARY = 'tesseraBenchP1'

/** A valid PDF of about `size` bytes in a multipart body, produced chunk by chunk as it is sent. */
async function* pdfBody(size: number): AsyncGenerator<Buffer> {
  yield Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="category"\r\n\r\nletter\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="bench.pdf"\r\n` +
      `Content-Type: application/pdf\r\n\r\n%PDF-1.7\n1 0 obj\n<< /Length ${size} >>\nstream\n`,
  )
  const filler = Buffer.alloc(CHUNK, 0x41)
  for (let sent = 0; sent < size; sent += CHUNK)
    yield sent + CHUNK <= size ? filler : filler.subarray(0, size - sent)
  yield Buffer.from(`\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n\r\n--${BOUNDARY}--\r\n`)
}

function rssBytes(pid: number): number {
  const kb = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m)?.[1]
  return Number(kb ?? 0) * 1024
}

interface Upload {
  figures: RunFigures
  rssGrowth: number
  id: string
}

async function upload(server: LaunchedTessera, size: number): Promise<Upload> {
  const before = rssBytes(server.pid)
  let peak = before
  const timer = setInterval(() => (peak = Math.max(peak, rssBytes(server.pid))), 25)
  const cpu0 = cpuSecondsOf(server.pid)
  const t0 = performance.now()
  const res = await fetch(`${server.url}/api/patients/${server.fixture.patientId}/documents`, {
    method: 'POST',
    headers: {
      ...server.headers,
      origin: server.url,
      'x-tessera-request': '1',
      'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
    },
    body: Readable.toWeb(Readable.from(pdfBody(size))) as ReadableStream,
    duplex: 'half',
  } as RequestInit)
  const text = await res.text()
  const seconds = (performance.now() - t0) / 1000
  const cpuSeconds = cpuSecondsOf(server.pid) - cpu0
  clearInterval(timer)
  peak = Math.max(peak, rssBytes(server.pid))
  if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${text.slice(0, 300)}`)
  const mb = size / MB
  return {
    figures: {
      reqPerSec: mb / seconds,
      p99Ms: NaN,
      cpuSeconds,
      reqPerCpuSecond: cpuSeconds > 0 ? mb / cpuSeconds : 0,
      errors: 0,
      non2xx: 0,
    },
    rssGrowth: peak - before,
    id: (JSON.parse(text) as { id: string }).id,
  }
}

async function download(
  server: LaunchedTessera,
  id: string,
  size: number,
): Promise<RunFigures & { ttfbMs: number }> {
  const cpu0 = cpuSecondsOf(server.pid)
  const t0 = performance.now()
  const res = await fetch(`${server.url}/api/documents/${id}/content`, { headers: server.headers })
  if (res.status !== 200) throw new Error(`download answered ${res.status}: ${await res.text()}`)
  let ttfbMs = NaN
  let received = 0
  for await (const chunk of Readable.fromWeb(res.body! as never)) {
    if (received === 0) ttfbMs = performance.now() - t0
    received += (chunk as Uint8Array).length
  }
  const seconds = (performance.now() - t0) / 1000
  const cpuSeconds = cpuSecondsOf(server.pid) - cpu0
  if (received < size) throw new Error(`download was ${received} bytes, expected more than ${size}`)
  const mb = size / MB
  return {
    reqPerSec: mb / seconds,
    p99Ms: NaN,
    cpuSeconds,
    reqPerCpuSecond: cpuSeconds > 0 ? mb / cpuSeconds : 0,
    errors: 0,
    non2xx: 0,
    ttfbMs,
  }
}

export async function p1p2Vault(db: BenchDb): Promise<void> {
  const label = dbLabel(db)
  const size = fileBytes()
  const pairs = pairsFromEnv()
  const load0 = loadavg()[0]!
  const env = { TESSERA_UPLOAD_MAX_BYTES: String(Math.min(size + MB, 1024 * MB)) }
  const a = launcherSide(`encryption off (${label})`, { db, audit: 'on', cipher: 'off', tag: 'p1a', env })
  const b = launcherSide(`vault (${label})`, { db, audit: 'on', cipher: 'on', tag: 'p1b', env })
  const serverA = await a.start()
  let serverB: LaunchedTessera
  try {
    serverB = await b.start()
  } catch (err) {
    await serverA.stop()
    throw err
  }
  const up: { a: Upload[]; b: Upload[] } = { a: [], b: [] }
  const down: { a: Array<RunFigures & { ttfbMs: number }>; b: Array<RunFigures & { ttfbMs: number }> } = {
    a: [],
    b: [],
  }
  try {
    for (let i = 0; i < pairs; i++) {
      up.a.push(await upload(serverA, size))
      up.b.push(await upload(serverB, size))
    }
    for (let i = 0; i < pairs; i++) {
      down.a.push(await download(serverA, up.a[i]!.id, size))
      down.b.push(await download(serverB, up.b[i]!.id, size))
    }
  } finally {
    await serverA.stop()
    await serverB.stop()
  }
  const mib = (n: number): string => (n / MB).toFixed(1)
  const rssA = Math.max(...up.a.map((u) => u.rssGrowth))
  const rssB = Math.max(...up.b.map((u) => u.rssGrowth))
  const sizeNote = `one ${mib(size)} MiB PDF per transfer, one transfer at a time; MB = MiB of file`
  report(
    summarise(
      `p1-vault-upload-${label}`,
      a.name,
      b.name,
      up.a.map((u) => u.figures),
      up.b.map((u) => u.figures),
      withLoadNote(
        {
          unit: 'MB',
          goal: '>= 0.7x (P1)',
          checks: (aRuns, bRuns) => ({
            'MB/s ratio >= 0.7x': median(bRuns.map((r, i) => r.reqPerSec / aRuns[i]!.reqPerSec)) >= 0.7,
            [`server RSS growth ${mib(rssB)} MiB <= 64 MiB (largest over the uploads; A: ${mib(rssA)} MiB)`]:
              rssB <= 64 * MB,
          }),
          notes: [
            sizeNote,
            `server VmRSS growth (peak during upload - before): A ${mib(rssA)} MiB, B ${mib(rssB)} MiB`,
            ...(size < 1_000_000_000
              ? ['PERFORMANCE.md states the RSS goal for 1 GB: BENCH_P1_BYTES=1000000000']
              : []),
          ],
        },
        load0,
      ),
    ),
  )
  const ttfbA = median(down.a.map((d) => d.ttfbMs))
  const ttfbB = median(down.b.map((d) => d.ttfbMs))
  const ttfbRatio = median(down.b.map((d, i) => d.ttfbMs / down.a[i]!.ttfbMs))
  report(
    summarise(`p2-vault-download-${label}`, a.name, b.name, down.a, down.b, {
      unit: 'MB',
      goal: '>= 0.7x (P2)',
      checks: (aRuns, bRuns) => ({
        'MB/s ratio >= 0.7x': median(bRuns.map((r, i) => r.reqPerSec / aRuns[i]!.reqPerSec)) >= 0.7,
        [`time to first byte ratio ${ttfbRatio.toFixed(3)}x <= 1.2x`]: ttfbRatio <= 1.2,
      }),
      notes: [
        sizeNote,
        `time to first body byte (median): A ${ttfbA.toFixed(1)} ms, B ${ttfbB.toFixed(1)} ms, ratio B/A ${ttfbRatio.toFixed(3)}x`,
      ],
    }),
  )
}

export async function p1p2All(): Promise<void> {
  for (const db of await benchDatabases()) await p1p2Vault(db)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await p1p2All()
