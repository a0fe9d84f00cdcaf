// S26 and S31 against the real `tessera start`: many concurrent uploads, `kill -9` part-way,
// restart, repeat. Every upload that was answered 201 must download and match; every document
// that is listed must be complete; orphans are swept after restart; `tessera audit verify` passes;
// and a raw scan of the data directory (database files and blobs) finds no seeded plaintext.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, utimesSync } from 'node:fs'
import { basename, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { runTessera } from '../../testing/spawn-tessera.ts'
import { CrashHarness, MARKER } from './crash-harness.ts'
import { filesUnder } from './document-test-kit.ts'

const ROUNDS = Number(process.env['TESSERA_CRASH_ROUNDS'] ?? 5)
const WORKERS = 12

test(
  'kill -9 during concurrent uploads: acknowledged = durable, visible = complete, orphans swept, audit verifies, no plaintext at rest',
  { timeout: 900_000 },
  async () => {
    const h = await CrashHarness.create()
    try {
      await h.start()
      for (let round = 1; round <= ROUNDS; round++) {
        await h.send() // warms the new process up (first-use loading), so the kill lands mid-upload
        let killed = false
        const workers = Array.from({ length: WORKERS }, async () => {
          while (!killed) await h.send()
        })
        await sleep(800 + Math.random() * 2500)
        killed = true
        await h.kill()
        await Promise.all(workers)
        await h.start()
        const visible = await h.verify()
        console.log(
          `crash round ${round}: ${h.uploads} uploads sent, ${h.acknowledged.length} acknowledged, ${h.cut} cut by kill -9, ${visible} visible`,
        )
      }

      // What the kills left: blobs with no committed row, and temporaries. Age them past the grace
      // period (as if an hour had passed), then start: the start-up sweep removes them.
      await h.kill()
      const blobDir = join(h.data, 'blobs')
      const before = filesUnder(blobDir)
      const temporaries = before.filter((f) => basename(f).startsWith('.tmp-')).length
      const aged = new Date(Date.now() - 3 * 60 * 60_000)
      for (const f of before) utimesSync(f, aged, aged)
      await h.start()
      const visible = await h.verify()
      assert.ok(visible >= h.acknowledged.length)
      let after = filesUnder(blobDir)
      for (let i = 0; i < 60 && after.length > visible; i++) {
        await sleep(500)
        after = filesUnder(blobDir)
      }
      console.log(
        `sweep: ${before.length} files for ${visible} documents before (${temporaries} temporaries, ${before.length - temporaries - visible} orphan blobs), ${after.length} after`,
      )
      assert.equal(after.length, visible, 'the start-up sweep left exactly one blob per visible document')
      assert.equal(await h.verify(), visible)
      assert.equal(await h.server!.stop('SIGTERM'), 0)

      const audit = await runTessera(['audit', 'verify', '--data', h.data])
      assert.equal(audit.code, 0, audit.output)
      assert.match(audit.output, /audit trail verified: OK/)

      // S31: the marker is in every PDF and JPEG sent; the raw bytes at rest must never show it.
      const marker = Buffer.from(MARKER)
      const everything = filesUnder(h.data)
      let scanned = 0
      const found = everything.filter((f) => {
        const bytes = readFileSync(f)
        scanned += bytes.length
        return bytes.includes(marker)
      })
      console.log(
        `raw scan: ${everything.length} files, ${(scanned / 1e6).toFixed(1)} MB, ${found.length} with the marker`,
      )
      assert.ok(
        everything.some((f) => f.startsWith(join(h.data, 'db'))),
        'the database files were scanned',
      )
      assert.deepEqual(found, [])
      assert.ok(h.acknowledged.length > ROUNDS && h.cut > 0, 'the kills landed during uploads')
    } finally {
      await h.kill()
    }
  },
)
