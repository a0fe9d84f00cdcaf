// Memory stays flat whatever the export's size: three 16 MB documents (48 MB) streamed as one ZIP
// to a slow reader must not grow the heap by anything like their total (documents are opened one at
// a time and never held whole; see vault/documents/document-memory.int.test.ts for one document).
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { vaultTest, type VaultTest } from '../vault/documents/document-test-kit.ts'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

const DOCUMENT = 16 * 1024 * 1024
const DOCUMENTS = 3
const CHUNK = 64 * 1024
const PAUSE_EVERY = 1024 * 1024
const PAUSE_MS = 30
let v: VaultTest
let base: string
before(async () => {
  v = await vaultTest()
  base = await v.t.app.listen({ port: 0, host: '127.0.0.1' })
})
after(() => v.t.close())

/** A valid PDF of about DOCUMENT bytes in a multipart body, produced chunk by chunk. */
async function* bigPdf(boundary: string, n: number): AsyncGenerator<Buffer> {
  yield Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="category"\r\n\r\nletter\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="scan ${n}.pdf"\r\n` +
      `Content-Type: application/pdf\r\n\r\n%PDF-1.7\n1 0 obj\n<< /Length ${DOCUMENT} >>\nstream\n`,
  )
  const filler = Buffer.alloc(CHUNK, 0x41 + n)
  for (let sent = 0; sent < DOCUMENT; sent += CHUNK) yield filler
  yield Buffer.from(`\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n\r\n--${boundary}--\r\n`)
}

/** Peak growth of heap + buffers over the baseline, each sample taken after a full GC. */
function sampler(): { sample: () => Promise<void>; stop: () => { peak: number; samples: number } } {
  gc()
  const baseline = process.memoryUsage()
  let peak = 0
  let samples = 0
  const sample = async (): Promise<void> => {
    gc()
    await sleep(20)
    gc()
    const now = process.memoryUsage()
    samples++
    peak = Math.max(peak, now.heapUsed + now.arrayBuffers - baseline.heapUsed - baseline.arrayBuffers)
  }
  // Sampled by the reader as bytes arrive (not on a timer, so a fast machine still gets samples).
  return { sample, stop: () => ({ peak, samples }) }
}

test('a 48 MB export to a slow reader: the heap grows by a small fraction of it', async () => {
  for (let n = 0; n < DOCUMENTS; n++) {
    const boundary = `tesseraExportMemory${n}`
    const res = await fetch(`${base}/api/patients/${v.patient.id}/documents`, {
      method: 'POST',
      headers: {
        ...v.t.browserHeaders,
        cookie: v.cookie.patient,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      body: Readable.toWeb(Readable.from(bigPdf(boundary, n))),
      duplex: 'half',
    })
    assert.equal(res.status, 201, await res.text())
  }

  const memory = sampler()
  const started = performance.now()
  const got = await fetch(`${base}/api/privacy/export`, {
    headers: { ...v.t.browserHeaders, cookie: v.cookie.patient },
  })
  assert.equal(got.status, 200)
  const total = Number(got.headers.get('content-length'))
  let received = 0
  for await (const chunk of got.body!) {
    const before = Math.floor(received / PAUSE_EVERY)
    received += (chunk as Uint8Array).length
    if (Math.floor(received / PAUSE_EVERY) > before) {
      await sleep(PAUSE_MS)
      // Two full GCs pause the transfer: every 4 MiB is enough to see growth.
      if (Math.floor(received / PAUSE_EVERY) % 4 === 0) await memory.sample()
    }
  }
  const seconds = (performance.now() - started) / 1000
  const { peak, samples } = memory.stop()
  assert.equal(received, total, 'every announced byte arrived')
  assert.ok(total > DOCUMENTS * DOCUMENT)
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1)
  console.log(
    `export memory: ${mb(total)} MB in ${seconds.toFixed(1)} s (paced reader), peak +${mb(peak)} MB over ${samples} samples`,
  )
  assert.ok(samples >= 3, 'sampled during the transfer')
  assert.ok(peak < total / 4, `the export held ${mb(peak)} MB`)
})
