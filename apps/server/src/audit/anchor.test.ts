// The external anchor sinks: a file the operator ships off-host, or an HTTP endpoint (a witness).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FileAnchor, HttpAnchor, readAnchorFile } from './anchor.ts'
import type { AnchorEntry } from './checkpoint.ts'

const entry = (id: string): AnchorEntry => ({
  id,
  toTxid: '100',
  treeSize: 3,
  merkleRoot: 'ab'.repeat(32),
  checkpointHash: 'cd'.repeat(32),
  signature: 'c2ln',
  keyVersion: 1,
  sealedAt: '2026-03-02T09:00:00.000Z',
})

test('file anchor: appends JSON lines and knows its last checkpoint', async () => {
  const anchor = new FileAnchor(join(mkdtempSync(join(tmpdir(), 'anchor-')), 'sub', 'anchor.jsonl'))
  assert.equal(await anchor.lastId(), null)
  await anchor.append([entry('1'), entry('2')])
  await anchor.append([entry('3')])
  assert.equal(await anchor.lastId(), '3')
  assert.deepEqual(
    (await readAnchorFile(anchor.path)).map((e) => e.id),
    ['1', '2', '3'],
  )
})

test('HTTP anchor: posts NDJSON; a refusal is an error (the sealer sends the entries again later)', async () => {
  const received: string[] = []
  let status = 200
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      received.push(`${req.headers['content-type']}|${body}`)
      res.writeHead(status).end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as { port: number }
  try {
    const anchor = new HttpAnchor(`http://127.0.0.1:${port}/anchor`)
    await anchor.append([entry('7'), entry('8')])
    assert.equal(await anchor.lastId(), '8')
    const [type, body] = received[0]!.split('|')
    assert.equal(type, 'application/x-ndjson')
    assert.deepEqual(
      body!
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as AnchorEntry).id),
      ['7', '8'],
    )
    status = 503
    await assert.rejects(anchor.append([entry('9')]), /503/)
    assert.equal(await anchor.lastId(), '8', 'an entry the witness refused is not counted as anchored')
  } finally {
    server.close()
  }
})
