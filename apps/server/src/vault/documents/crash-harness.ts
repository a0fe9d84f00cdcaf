// The crash test's moving parts: a seeded data directory, the real server started and killed on
// it, a stream of uploads with what each should store, and the checks run after every restart.
import assert from 'node:assert/strict'
import { createHash, randomUUID } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runTessera, spawnTessera, type TesseraProcess } from '../../testing/spawn-tessera.ts'
import { freePort, LiveClient, type LivePerson } from './live-client.ts'
import { jpeg, pdf } from './test-files.ts'
import { png } from './test-images.ts'
import { JpegFilter } from './upload/jpeg-filter.ts'

export const MARKER = 'PHI-CANARY-Q7X2'
export const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

/** A file to upload and the bytes the vault should store for it (images lose their metadata). */
export function someFile(n: number): { data: Buffer; stored: Buffer; filename: string } {
  if (n % 5 === 3) {
    const data = jpeg({ comment: `${MARKER} ${n}` })
    const out: Buffer[] = []
    const filter = new JpegFilter()
    filter.write(data, (b) => void out.push(Buffer.from(b)))
    filter.end()
    return { data, stored: Buffer.concat(out), filename: `photo-${n}.jpg` }
  }
  if (n % 5 === 4) {
    const data = png({ width: 4 + (n % 50), height: 3 })
    return { data, stored: data, filename: `scan-${n}.png` }
  }
  const data = pdf({ text: `${MARKER} ${randomUUID()}`, padding: Math.floor(Math.random() * 1_500_000) })
  return { data, stored: data, filename: `letter-${n}.pdf` }
}

export class CrashHarness {
  server: TesseraProcess | null = null
  readonly attempted = new Map<string, Buffer>() // by SHA-256 of the bytes the vault should store
  readonly acknowledged: Array<{ id: string; patientId: string; hash: string }> = []
  readonly cookies = new Map<string, string>()
  uploads = 0
  cut = 0
  private counter = 0

  private constructor(
    readonly data: string,
    readonly patients: LivePerson[],
    readonly client: LiveClient,
    private readonly port: number,
  ) {}

  static async create(): Promise<CrashHarness> {
    const data = mkdtempSync(join(tmpdir(), 'tessera-crash-'))
    const seed = await runTessera(['seed-demo', '--data', data, '--json'])
    assert.equal(seed.code, 0, seed.output)
    const json = seed.output.slice(seed.output.indexOf('{'), seed.output.lastIndexOf('}') + 1)
    const users = (JSON.parse(json) as { users: Array<LivePerson & { role: string }> }).users
    const port = await freePort()
    return new CrashHarness(
      data,
      users.filter((u) => u.role === 'patient'),
      new LiveClient(`http://127.0.0.1:${port}`),
      port,
    )
  }

  async start(): Promise<void> {
    const env = { TESSERA_PUBLIC_URL: this.client.base, TESSERA_RATE_LIMIT_PER_MINUTE: '1000000' }
    this.server = spawnTessera(['start', '--data', this.data, '--port', String(this.port)], env)
    await this.server.waitFor(/running at/, 60_000)
    if (this.cookies.size === 0)
      for (const p of this.patients) this.cookies.set(p.id, await this.client.signIn(p))
  }

  async kill(): Promise<void> {
    const server = this.server
    if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return
    server.child.kill('SIGKILL')
    await server.exited
  }

  /** One upload: a 201 is recorded as acknowledged, a connection cut by the kill is counted. */
  async send(): Promise<void> {
    const n = this.counter++
    const patient = this.patients[n % this.patients.length]!
    const file = someFile(n)
    const hash = sha(file.stored)
    this.attempted.set(hash, file.stored)
    this.uploads++
    try {
      const res = await this.client.upload(this.cookies.get(patient.id)!, patient.id, file)
      assert.equal(res.status, 201, `upload answered ${res.status}`)
      this.acknowledged.push({ id: res.view!.id, patientId: patient.id, hash })
    } catch (err) {
      if (err instanceof assert.AssertionError) throw err
      this.cut++
    }
  }

  /** Every acknowledged upload downloads intact; every listed document is complete. Returns how many are listed. */
  async verify(): Promise<number> {
    const { client, cookies } = this
    for (const ack of this.acknowledged) {
      const got = await client.content(cookies.get(ack.patientId)!, ack.id)
      assert.ok(got, `acknowledged upload ${ack.id} is downloadable`)
      assert.equal(sha(got), ack.hash, `acknowledged upload ${ack.id} is intact`)
    }
    let visible = 0
    for (const p of this.patients) {
      for (const doc of await client.list(cookies.get(p.id)!, p.id)) {
        const got = await client.content(cookies.get(p.id)!, doc.id)
        assert.ok(got, `listed document ${doc.id} downloads in full`)
        assert.ok(this.attempted.has(sha(got)), `listed document ${doc.id} is exactly a file that was sent`)
        visible++
      }
    }
    return visible
  }
}
