// What the encrypted consultation must prove (shared/design/E2EE.md section 9 points 2, 4 and 8,
// and the periodic rotation of section 3), in one call against the real `tessera start`, from the
// read-only test hooks of call/README.md (digests, public SFrame header fields, sealed frames,
// counters and timestamps; never a key):
//   2. no plaintext on the wire: no frame a receiver got equals (by SHA-256) a frame a sender had
//      before encryption, and every received frame parses as SFrame under a KID it was given;
//   3. periodic rotation (period shortened through the test-only 'tessera.test.rekey-ms'): both
//      sides draw new generations, video keeps flowing, and frames sealed under the old key open
//      before and stop opening once the receiver dropped it (2 s after the new key was in use);
//   8. a guest who joins cannot open frames sealed before she joined (the others can);
//   4. no (KID, CTR) pair repeats in any sender, across the rotations, a reconnect and the join.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Page } from 'playwright-core'
import { startConsultClinic, type ConsultClinic } from './consult-fixture.ts'
import { guestArrives, inviteGuest, withTestHooks } from './consult-guest-steps.ts'
import { DESKTOP, launchBrowser, openPage, PHONE, screenshot, type WatchedPage } from './harness.ts'
import { startMailbox, type Mailbox } from './identity-steps.ts'
import { pageApi } from './seeded.ts'

let browser: Browser
let clinic: ConsultClinic
let mailbox: Mailbox

before(async () => {
  mailbox = await startMailbox()
  browser = await launchBrowser()
  clinic = await startConsultClinic(browser, {
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(mailbox.port),
    SMTP_STARTTLS: 'off',
  })
})
after(async () => {
  await browser?.close()
  await clinic?.server.stop()
  await mailbox?.close()
})

interface Stream {
  direction: 'send' | 'recv'
  kind: 'audio' | 'video'
  workerPassed: number
  decoded: number
}
interface Rotation {
  epoch: number
  kind: 'first' | 'join' | 'fresh' | 'periodic'
  startedAt: number
  activatedAt: number | null
  by: string | null
}
interface Report {
  rotations: Rotation[]
  held: Array<{ slot: number; epochs: number[] }>
  roundSlots: number[]
  drops: Array<{ slot: number; epochs: number[]; inUseEpoch: number; inUseAt: number; droppedAt: number }>
}
interface Nonces {
  total: number
  duplicates: number
  examples: string[]
  kids: Array<{ kid: string; epoch: number; slot: number; count: number; maxCtr: number }>
}
interface Tap {
  sentPlain: string[]
  received: string[]
  receivedParsed: number
  receivedKnownKid: number
  receivedUnparsed: number
}
interface Held {
  epoch: number
  slot: number
  frame: string
}
interface Tried {
  opened: number
  failed: Record<string, number>
}
interface Hooks {
  stats(): Promise<{ streams: Stream[] }>
  rotationReport(): Promise<Report | null>
  nonceReport(): Promise<Nonces | null>
  tap(frames: number): Promise<boolean>
  tapReport(): Promise<Tap | null>
  holdFrames(frames: number): Promise<boolean>
  heldFrames(): Promise<Held[]>
  tryFrames(frames: string[]): Promise<Tried | null>
  dropSocket(): void
}

/** Calls one test hook in the page (window.__tesseraCall exists only with test hooks on). */
function hook<K extends keyof Hooks>(
  page: Page,
  name: K,
  ...args: Parameters<Hooks[K]>
): Promise<Awaited<ReturnType<Hooks[K]>>> {
  return page.evaluate(
    ([n, a]) => {
      const h = (window as unknown as { __tesseraCall: Record<string, (...x: unknown[]) => unknown> })
        .__tesseraCall
      return h[n]!(...a)
    },
    [name, args] as [string, unknown[]],
  ) as Promise<Awaited<ReturnType<Hooks[K]>>>
}
const report = async (page: Page) => (await hook(page, 'rotationReport'))!
const recvVideo = async (page: Page) =>
  (await hook(page, 'stats')).streams.filter((s) => s.direction === 'recv' && s.kind === 'video')

async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  ms = 90_000,
): Promise<T> {
  const deadline = Date.now() + ms
  let last: unknown
  while (Date.now() < deadline) {
    try {
      const v = await probe()
      if (v) return v
    } catch (err) {
      last = err
    }
    await new Promise((r) => setTimeout(r, 400))
  }
  throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`)
}

/** Fractions of lit pixels of every remote <video> on the page. */
async function remoteLit(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLVideoElement>('video[data-remote-video]')).map((video) => {
      if (video.videoWidth === 0) return 0
      const canvas = document.createElement('canvas')
      canvas.width = 160
      canvas.height = 90
      const g = canvas.getContext('2d')
      if (!g) return 0
      g.drawImage(video, 0, 0, canvas.width, canvas.height)
      const px = g.getImageData(0, 0, canvas.width, canvas.height).data
      let lit = 0
      for (let i = 0; i < px.length; i += 4)
        if ((px[i] ?? 0) + (px[i + 1] ?? 0) + (px[i + 2] ?? 0) > 60) lit++
      return lit / (px.length / 4)
    }),
  )
}

/** Every remote video on the page decrypted past `min` frames and lit (the fake camera). */
async function videoFlows(w: WatchedPage, remotes: number, min: number[] = []): Promise<number[]> {
  return until(`${remotes} remote video(s) decrypted and lit`, async () => {
    const recv = await recvVideo(w.page)
    const lit = await remoteLit(w.page)
    const ok =
      recv.length === remotes &&
      recv.every((s, i) => s.workerPassed > (min[i] ?? 0) + 30 && s.decoded > 10) &&
      lit.length === remotes &&
      lit.every((f) => f > 0.2)
    return ok ? recv.map((s) => s.workerPassed) : null
  })
}

async function holdFrames(page: Page, n: number): Promise<Held[]> {
  assert.equal(await hook(page, 'holdFrames', n), true)
  return until('sealed frames held back', async () => {
    const held = await hook(page, 'heldFrames')
    return held.length >= n ? held : null
  })
}
const tryFrames = (page: Page, held: Held[]) =>
  hook(
    page,
    'tryFrames',
    held.map((f) => f.frame),
  ).then((r) => r!)

/** No generation of this sender is pending (frames held now are under the key peers hold). */
const settled = (w: WatchedPage) =>
  until('every key generation switched', async () =>
    (await report(w.page)).rotations.every((x) => x.activatedAt !== null),
  )

const setRekeyMs = (page: Page, ms: number | null) =>
  page.evaluate((v) => {
    if (v === null) localStorage.removeItem('tessera.test.rekey-ms')
    else localStorage.setItem('tessera.test.rekey-ms', String(v))
  }, ms)

test('one call proves: no plaintext on the wire, periodic rotation with the 2 s drop, a joiner reads nothing from before, no nonce repeats', async (t) => {
  const { people, maria, okafor, appointmentId } = clinic
  const doctor = await withTestHooks(await openPage(browser, clinic.server.url, DESKTOP))
  const patient = await withTestHooks(await openPage(browser, clinic.server.url, PHONE))
  await people.signInByApi(doctor.page, okafor)
  await people.signInByApi(patient.page, maria)
  assert.ok((await pageApi(patient.page, 'POST', `/api/consult/${appointmentId}/check-in`)).status < 300)
  assert.ok((await pageApi(doctor.page, 'POST', `/api/consult/${appointmentId}/admit`)).status < 300)
  for (const [w, path] of [
    [doctor, '/clinician/consult'],
    [patient, '/patient/consult'],
  ] as const) {
    await w.page.evaluate((id) => sessionStorage.setItem('tessera.consult.appointment', id), appointmentId)
    await w.page.goto(`${clinic.server.url}${path}`)
    await w.page.getByRole('region', { name: 'Video call' }).waitFor({ timeout: 60_000 })
  }
  const pair = [doctor, patient]
  for (const w of pair) await w.page.locator('[data-encryption="encrypted"]').waitFor({ timeout: 90_000 })
  for (const w of pair) await videoFlows(w, 1)

  // Point 2: a tap on both ends. Frames before encryption (senders) vs frames as received (receivers).
  for (const w of pair) assert.equal(await hook(w.page, 'tap', 150), true)
  const taps = await Promise.all(
    pair.map((w) =>
      until('150 frames tapped each way', async () => {
        const r = await hook(w.page, 'tapReport')
        return r && r.sentPlain.length >= 150 && r.received.length >= 150 ? r : null
      }),
    ),
  )
  const plain = new Set(taps.flatMap((r) => r.sentPlain))
  const received = taps.flatMap((r) => r.received)
  assert.equal(received.filter((d) => plain.has(d)).length, 0, 'a received frame equals a plaintext frame')
  for (const r of taps) {
    assert.equal(r.receivedUnparsed, 0, 'every received frame parses as SFrame')
    assert.equal(
      r.receivedKnownKid,
      r.received.length,
      'every received frame carries a KID this side was given',
    )
  }
  t.diagnostic(
    `tap: ${plain.size} distinct plaintext frames, ${received.length} received (${new Set(received).size} distinct), 0 in common`,
  )

  // Point 3 (section 3): periodic rotation. First, frames sealed under the doctor's current key
  // and never sent: the patient opens half of them now (she holds that key).
  await settled(doctor)
  const heldBefore = await holdFrames(doctor.page, 6)
  const oldEpoch = heldBefore[0]!.epoch
  assert.ok(heldBefore.every((f) => f.epoch === oldEpoch && f.slot === 0))
  assert.deepEqual(await tryFrames(patient.page, heldBefore.slice(0, 3)), { opened: 3, failed: {} })
  const rotationFrom = Date.now()
  const flowing = await Promise.all(pair.map(async (w) => (await recvVideo(w.page))[0]!.workerPassed))
  for (const w of pair) await setRekeyMs(w.page, 4000)
  let maxHeld = 0
  const rotated = await until(
    'both sides rotate and drop the old key 2 s after the new one is in use',
    async () => {
      const [dr, pr] = (await Promise.all(pair.map((w) => report(w.page)))) as [Report, Report]
      for (const r of [dr, pr]) for (const h of r.held) maxHeld = Math.max(maxHeld, h.epochs.length)
      const done = (r: Report, peerSlot: number) =>
        r.rotations.some((x) => x.kind === 'periodic' && x.activatedAt && x.startedAt >= rotationFrom) &&
        r.drops.some((d) => d.slot === peerSlot && d.inUseAt >= rotationFrom)
      return done(dr, 1) && done(pr, 0) && pr.drops.some((d) => d.epochs.includes(oldEpoch)) ? [dr, pr] : null
    },
  )
  // the rest of the held frames, sealed under the doctor's old key, no longer open for the patient
  const afterDrop = await tryFrames(patient.page, heldBefore.slice(3))
  assert.deepEqual(afterDrop, { opened: 0, failed: { 'unknown-kid': 3 } })
  for (const [i, w] of pair.entries()) {
    const side = i === 0 ? 'doctor' : 'patient'
    await videoFlows(w, 1, [flowing[i]!])
    const r = rotated[i]!
    const periodic = r.rotations.filter((x) => x.kind === 'periodic' && x.activatedAt)
    const switches = periodic.map((x) => `${x.activatedAt! - x.startedAt} ms by ${x.by}`)
    const drops = r.drops.filter((d) => d.inUseAt >= rotationFrom)
    t.diagnostic(
      `${side}: ${periodic.length} periodic rotation(s), switched ${switches.join(', ')}; old keys dropped ${drops.map((d) => d.droppedAt - d.inUseAt).join(', ')} ms after the new one was in use`,
    )
    for (const d of drops)
      assert.ok(
        d.droppedAt - d.inUseAt >= 1990,
        `${side}: an old key went before 2 s (${d.droppedAt - d.inUseAt} ms)`,
      )
  }
  assert.ok(maxHeld <= 2, `a receiver held ${maxHeld} epochs of one sender`)
  // back to 30 minutes; wait until no generation is pending
  for (const w of pair) await setRekeyMs(w.page, null)
  for (const w of pair) await settled(w)

  // A reconnect: Maria's socket drops, both re-key, video flows again.
  const beforeReconnect = (await recvVideo(doctor.page))[0]!.workerPassed
  await hook(patient.page, 'dropSocket')
  await until('both encrypted again after the reconnect', async () => {
    const encrypted = await Promise.all(
      pair.map((w) => w.page.locator('[data-encryption="encrypted"]').count()),
    )
    const passed = (await recvVideo(doctor.page))[0]?.workerPassed ?? 0
    return encrypted.every((n) => n === 1) && passed > beforeReconnect + 30
  })
  for (const w of pair) await videoFlows(w, 1)
  for (const w of pair) await settled(w)

  // Point 8, second half: frames both sealed before the guest joined (the other member opens them).
  const preJoin = [...(await holdFrames(doctor.page, 4)), ...(await holdFrames(patient.page, 4))]
  assert.deepEqual(await tryFrames(patient.page, preJoin.slice(0, 2)), { opened: 2, failed: {} })
  assert.deepEqual(await tryFrames(doctor.page, preJoin.slice(4, 6)), { opened: 2, failed: {} })
  const link = await inviteGuest(doctor, mailbox, {
    name: 'Ana Lima',
    email: 'ana.lima@interpreters.example',
    role: 'interpreter',
  })
  const guest = await guestArrives(browser, clinic.server.url, mailbox, link, {
    name: 'Ana Lima',
    email: 'ana.lima@interpreters.example',
  })
  await doctor.page.getByRole('button', { name: 'Admit Ana Lima' }).click({ timeout: 60_000 })
  await guest.page.getByRole('region', { name: 'Video call' }).waitFor({ timeout: 60_000 })
  const everyone = [doctor, patient, guest]
  for (const w of everyone) await videoFlows(w, 2)
  await screenshot(guest.page, 'consult-e2ee-proofs-guest-phone')
  const joinerTried = await tryFrames(guest.page, preJoin)
  t.diagnostic(
    `guest tried ${preJoin.length} frames sealed before she joined: ${JSON.stringify(joinerTried)}`,
  )
  assert.equal(joinerTried.opened, 0, 'the joiner opened a frame sealed before she joined')
  const guestHeld = (await report(guest.page)).held
  for (const slot of [0, 1]) {
    const before = Math.max(...preJoin.filter((f) => f.slot === slot).map((f) => f.epoch))
    const held = guestHeld.find((h) => h.slot === slot)?.epochs ?? []
    assert.ok(
      held.length > 0 && held.every((e) => e > before),
      `guest holds slot ${slot} epochs ${held.join(',')} > ${before}`,
    )
  }
  const joins = await Promise.all(pair.map(async (w) => (await report(w.page)).rotations.at(-1)?.kind))
  t.diagnostic(`on the join the doctor's and patient's keys went: ${joins.join(', ')}`)

  // Point 4: no (KID, CTR) pair repeats in any sender, across rotations, the reconnect and the join.
  for (const [i, w] of everyone.entries()) {
    const side = ['doctor', 'patient', 'guest'][i]!
    const n = (await hook(w.page, 'nonceReport'))!
    const epochs = [...new Set(n.kids.map((k) => k.epoch))].sort((a, b) => a - b)
    t.diagnostic(
      `${side}: ${n.total} frames sealed under ${n.kids.length} KIDs (epochs ${epochs.join(',')}), ${n.duplicates} repeats`,
    )
    assert.equal(n.duplicates, 0, `${side} reused (KID, CTR): ${n.examples.join(' ')}`)
    assert.ok(n.total > 300, `${side} sealed ${n.total} frames`)
    const sum = n.kids.reduce((a, k) => a + k.count, 0)
    assert.equal(sum, n.total, `${side}: every sealed frame had its own (KID, CTR)`)
    if (side !== 'guest') assert.ok(epochs.length >= 4, `${side} used epochs ${epochs.join(',')}`)
  }
  for (const w of everyone)
    assert.deepEqual(
      w.consoleErrors.filter((e) => /Content Security Policy|Refused/.test(e)),
      [],
      'no CSP violations',
    )
  await guest.context.close()
  await doctor.context.close()
  await patient.context.close()
})
