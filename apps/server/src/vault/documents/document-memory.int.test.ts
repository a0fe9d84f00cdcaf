// Memory stays flat whatever the size: a 48 MB upload streamed over a socket, and its download,
// must not grow the heap by anything like the file's size (the file is never held whole).
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { DocumentView } from '@tessera/contracts'
import { vaultTest, type VaultTest } from './document-test-kit.ts'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

const SIZE = 48 * 1024 * 1024
const CHUNK = 64 * 1024
/** Both ends are paced (a pause every MB) so the samples, each after a full GC, see the transfer. */
const PAUSE_EVERY = 1024 * 1024
const PAUSE_MS = 40
let v: VaultTest
let base: string
before(async () => {
  v = await vaultTest({ uploadMaxBytes: 64 * 1024 * 1024 })
  base = await v.t.app.listen({ port: 0, host: '127.0.0.1' })
})
after(() => v.t.close())

/** A valid PDF of about SIZE bytes, produced chunk by chunk as the request is sent. */
async function* bigPdf(boundary: string): AsyncGenerator<Buffer> {
  yield Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="category"\r\n\r\nletter\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n` +
      `Content-Type: application/pdf\r\n\r\n%PDF-1.7\n1 0 obj\n<< /Length ${SIZE} >>\nstream\n`,
  )
  const filler = Buffer.alloc(CHUNK, 0x41)
  for (let sent = 0; sent < SIZE; sent += CHUNK) {
    if (sent % PAUSE_EVERY === 0) await sleep(PAUSE_MS)
    yield filler
  }
  yield Buffer.from(`\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n\r\n--${boundary}--\r\n`)
}

/** Peak growth of heap + buffers over the baseline, each sample taken after a full GC. */
function sampler(): { stop: () => { peak: number; samples: number } } {
  gc()
  const baseline = process.memoryUsage()
  let peak = 0
  let samples = 0
  const sample = async (): Promise<void> => {
    // Twice, a moment apart: V8 frees dead buffers' memory concurrently, after the first pass.
    gc()
    await sleep(20)
    gc()
    const now = process.memoryUsage()
    samples++
    peak = Math.max(peak, now.heapUsed + now.arrayBuffers - baseline.heapUsed - baseline.arrayBuffers)
  }
  const timer = setInterval(() => void sample(), 400)
  return { stop: () => (clearInterval(timer), { peak, samples }) }
}

test('a 48 MB upload and download: the heap grows by a small fraction of the file', async () => {
  const boundary = 'tesseraMemoryTest'
  const upload = sampler()
  const res = await fetch(`${base}/api/patients/${v.patient.id}/documents`, {
    method: 'POST',
    headers: {
      ...v.t.browserHeaders,
      cookie: v.cookie.patient,
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    body: Readable.toWeb(Readable.from(bigPdf(boundary))),
    duplex: 'half',
  })
  const uploadPeak = upload.stop()
  assert.equal(res.status, 201, await res.clone().text())
  const view = (await res.json()) as DocumentView
  assert.ok(view.size > SIZE)

  const download = sampler()
  const got = await fetch(`${base}/api/documents/${view.id}/content`, {
    headers: { cookie: v.cookie.patient },
  })
  let received = 0
  for await (const chunk of got.body!) {
    const before = Math.floor(received / PAUSE_EVERY)
    received += (chunk as Uint8Array).length
    if (Math.floor(received / PAUSE_EVERY) > before) await sleep(PAUSE_MS)
  }
  const downloadPeak = download.stop()
  assert.equal(received, view.size)
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1)
  console.log(
    `memory: upload peak +${mb(uploadPeak.peak)} MB (${uploadPeak.samples} samples), download peak +${mb(downloadPeak.peak)} MB (${downloadPeak.samples} samples), file ${mb(SIZE)} MB`,
  )
  assert.ok(uploadPeak.samples >= 3 && downloadPeak.samples >= 3, 'sampled during both transfers')
  assert.ok(uploadPeak.peak < SIZE / 4, `upload held ${mb(uploadPeak.peak)} MB`)
  assert.ok(downloadPeak.peak < SIZE / 4, `download held ${mb(downloadPeak.peak)} MB`)
})
