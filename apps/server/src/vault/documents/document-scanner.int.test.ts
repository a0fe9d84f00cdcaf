// The virus-scanner hook against a stand-in clamd speaking INSTREAM: clean files are marked clean,
// an infected one is refused and not kept, and a scanner that does not answer fails closed (503).
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:net'
import type { DocumentView } from '@tessera/contracts'
import { leftovers, upload, vaultTest, type VaultTest } from './document-test-kit.ts'
import { pdf } from './test-files.ts'

const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'

/** A clamd stand-in: reads the INSTREAM chunks, answers OK, FOUND (EICAR), or an error. */
function fakeClamd(answer: (data: Buffer) => string): Server {
  return createServer((socket) => {
    let buffered = Buffer.alloc(0)
    const received: Buffer[] = []
    let started = false
    socket.on('data', (d: Buffer) => {
      buffered = Buffer.concat([buffered, d])
      if (!started) {
        const zero = buffered.indexOf(0)
        if (zero < 0) return
        assert.equal(buffered.subarray(0, zero).toString(), 'zINSTREAM')
        buffered = buffered.subarray(zero + 1)
        started = true
      }
      while (buffered.length >= 4) {
        const length = buffered.readUInt32BE(0)
        if (length === 0) {
          socket.end(`${answer(Buffer.concat(received))}\0`)
          return
        }
        if (buffered.length < 4 + length) return
        received.push(buffered.subarray(4, 4 + length))
        buffered = buffered.subarray(4 + length)
      }
    })
  })
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as { port: number }).port
}

let clamd: Server
let v: VaultTest
before(async () => {
  clamd = fakeClamd((data) =>
    data.includes(EICAR)
      ? 'stream: Eicar-Test-Signature FOUND'
      : data.includes('TOO-BIG')
        ? 'INSTREAM size limit exceeded. ERROR'
        : 'stream: OK',
  )
  v = await vaultTest({ clamd: `127.0.0.1:${await listen(clamd)}` })
})
after(async () => {
  await v.t.close()
  clamd.close()
})

test('a clean file is stored and marked clean', async () => {
  const res = await upload(v, 'patient', v.patient.id, { data: pdf({ padding: 300_000 }) })
  assert.equal(res.statusCode, 201, res.body)
  assert.equal(res.json<DocumentView>().scan, 'clean')
})

test('an infected file is refused with the finding, and nothing is kept', async () => {
  const before = await leftovers(v)
  const res = await upload(v, 'patient', v.patient.id, { data: pdf({ text: EICAR }), filename: 'eicar.pdf' })
  assert.equal(res.statusCode, 400, res.body)
  assert.match(res.json<{ error: { message: string } }>().error.message, /found Eicar-Test-Signature/)
  assert.deepEqual(await leftovers(v), before)
})

test('a scanner error or an unreachable scanner: 503 with a clear message, nothing kept', async () => {
  const before = await leftovers(v)
  const res = await upload(v, 'patient', v.patient.id, { data: pdf({ text: 'TOO-BIG' }) })
  assert.equal(res.statusCode, 503, res.body)
  assert.match(res.json<{ error: { message: string } }>().error.message, /virus scanner is not responding/)
  assert.deepEqual(await leftovers(v), before)

  const closed = createServer()
  const port = await listen(closed)
  closed.close()
  const down = await vaultTest({ clamd: `127.0.0.1:${port}` })
  try {
    const refused = await upload(down, 'patient', down.patient.id, { data: pdf() })
    assert.equal(refused.statusCode, 503, refused.body)
    assert.match(refused.body, /virus scanner is not responding/)
    assert.deepEqual(await leftovers(down), { rows: 0, references: 0, files: 0 })
  } finally {
    await down.t.close()
  }
})
