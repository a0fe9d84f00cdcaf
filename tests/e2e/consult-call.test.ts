// The end-to-end encrypted video call (issue 9, shared/design/E2EE.md section 9), against the real
// `tessera start` with the demo clinic: Maria (360 px phone) checks in, Dr Okafor (desktop) admits
// her, both open the consultation page. Proven from what the people see and from the call's
// read-only test counters (window.__tesseraCall, present only when the browser opted in through
// localStorage 'tessera.test-hooks'; it exposes frame counters, SHA-256 digests of base keys and a
// tamper injection, never a key):
//   1. frame transforms run on both sides and track the RTP statistics;
//   3. the remote video shows the fake camera (non-black pixels), decoded from decrypted frames;
//   5. tampered, plaintext and replayed copies of real frames are rejected by the receiver;
//   6. no base key (raw, hex, base64) in any WebSocket frame; handshake/control payloads are binary
//      protocol messages; the chat text never appears on the wire; both see the same code.
// Plus chat both ways, mute, "Codes match" recorded in the call record, and ending the call.
import { spawn } from 'node:child_process'
import { createSocket } from 'node:dgram'
import { existsSync } from 'node:fs'
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Page } from 'playwright-core'
import { startConsultClinic, type ConsultClinic } from './consult-fixture.ts'
import {
  axeViolations,
  launchBrowser,
  openPage,
  PHONE,
  screenshot,
  seriousViolations,
  type WatchedPage,
} from './harness.ts'
import { pageApi } from './seeded.ts'
import {
  bytesOfWire,
  containsKey,
  enterCall,
  joinCall,
  remoteLitFraction,
  until,
  type StreamCheck,
} from './consult-call-kit.ts'

let browser: Browser
let clinic: ConsultClinic

before(async () => {
  browser = await launchBrowser()
  clinic = await startConsultClinic(browser)
})
after(async () => {
  await browser?.close()
  await clinic?.server.stop()
})

let lastConnections = ''
let lastRoutes: string[] = []
async function stats(page: Page): Promise<StreamCheck[]> {
  const snap = await page.evaluate(async () => {
    const api = (
      window as unknown as {
        __tesseraCall?: {
          stats(): Promise<{ streams: unknown[]; connections: string[]; routes: string[] }>
        }
      }
    ).__tesseraCall
    return (await api?.stats()) ?? { streams: [], connections: [], routes: [] }
  })
  lastConnections = snap.connections.join(',')
  lastRoutes = snap.routes
  return snap.streams as StreamCheck[]
}

test('an encrypted video call between Maria (phone) and Dr Okafor (desktop)', async () => {
  const { appointmentId } = clinic
  const { doctor, patient, doctorWire, patientWire } = await joinCall(browser, clinic)

  // Both see "End-to-end encrypted" and the same verification code.
  for (const w of [doctor, patient])
    await w.page
      .locator('[data-encryption="encrypted"]')
      .waitFor({ timeout: 90_000 })
      .catch(async (err: unknown) => {
        await screenshot(w.page, `consult-call-not-encrypted-${w === doctor ? 'desktop' : 'phone'}`)
        throw err
      })
  const codeOf = async (w: WatchedPage) => {
    await w.page.locator('[data-sas-digits]').waitFor({ timeout: 60_000 })
    return (await w.page.locator('[data-sas-digits]').textContent())?.trim() ?? ''
  }
  const doctorCode = await codeOf(doctor)
  const patientCode = await codeOf(patient)
  assert.match(doctorCode, /^\d{6}$/)
  assert.equal(patientCode, doctorCode, 'both sides show the same verification code')
  const doctorEmoji = await doctor.page.locator('.call-sas').getAttribute('aria-label')
  assert.equal(await patient.page.locator('.call-sas').getAttribute('aria-label'), doctorEmoji)

  // 1. The transforms run on both sides and track the RTP statistics.
  for (const w of [doctor, patient]) {
    const side = w === doctor ? 'doctor' : 'patient'
    let lastStats = ''
    const text = async () => (await w.page.locator('.call').innerText()).replace(/\s+/g, ' ').slice(0, 600)
    const streams = await until(
      () => `${side}: encrypted frames both ways ${lastStats}`,
      async () => {
        const s = await stats(w.page)
        lastStats =
          (await text()) +
          lastConnections +
          JSON.stringify(
            s.map((x) => [
              x.id.split(':').slice(1).join(':'),
              x.workerFrames,
              x.workerPassed,
              x.workerDropped,
              x.rtp,
              x.decoded,
            ]),
          )
        const get = (d: string, k: string) => s.find((x) => x.direction === d && x.kind === k)
        const ok =
          (get('send', 'video')?.workerPassed ?? 0) > 30 &&
          (get('recv', 'video')?.workerPassed ?? 0) > 30 &&
          (get('send', 'audio')?.workerPassed ?? 0) > 30 &&
          (get('recv', 'audio')?.workerPassed ?? 0) > 30 &&
          (get('recv', 'video')?.decoded ?? 0) > 10
        return ok ? s : null
      },
    )
    for (const s of streams) {
      assert.ok(s.rtp > 0, `${side} ${s.id}: RTP counter moves`)
      // the stats were read before the worker counters: every RTP frame went through the transform
      const slack = s.kind === 'audio' ? 25 + s.rtp * 0.2 : 10 + s.rtp * 0.1
      assert.ok(s.rtp <= s.workerFrames + slack, `${side} ${s.id}: rtp ${s.rtp} vs worker ${s.workerFrames}`)
      assert.ok(
        s.workerFrames <= s.rtp + slack + 50,
        `${side} ${s.id}: worker ${s.workerFrames} vs rtp ${s.rtp}`,
      )
    }
  }

  // 3. The remote video shows the fake camera (decoded only from frames that authenticated).
  for (const w of [doctor, patient]) {
    const lit = await until('remote video pixels', async () => {
      const f = await remoteLitFraction(w.page)
      return f > 0.2 ? f : null
    })
    assert.ok(lit > 0.2)
  }
  // Accessible at 360 px: no serious axe violations, nothing wider than the screen.
  assert.deepEqual(seriousViolations(await axeViolations(patient.page)), [])
  const overflow = await patient.page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(overflow <= 360, `page is ${overflow} px wide at 360 px`)
  await screenshot(patient.page, 'consult-call-phone')
  await screenshot(doctor.page, 'consult-call-desktop')

  // 5. Tampered, plaintext and replayed copies of real frames are dropped and counted.
  assert.equal(
    await doctor.page.evaluate(() =>
      (window as unknown as { __tesseraCall: { inject(n: number): Promise<boolean> } }).__tesseraCall.inject(
        5,
      ),
    ),
    true,
  )
  const injected = await until('injected frames rejected', async () => {
    const v = (await stats(doctor.page)).find((s) => s.direction === 'recv' && s.kind === 'video')
    return v && v.injectedRejected >= 15 ? v : null
  })
  assert.equal(injected.injectedAccepted, 0, 'no injected frame was accepted')

  // Chat both ways, encrypted.
  const hello = 'Chat check: my left knee still hurts (E2EE).'
  const reply = 'Thanks Maria, noted for the exam.'
  await patient.page.getByLabel('Message', { exact: true }).fill(hello)
  await patient.page.getByRole('button', { name: 'Send' }).click()
  await doctor.page.getByRole('list', { name: 'Chat messages' }).getByText(hello).waitFor({ timeout: 30_000 })
  await doctor.page.getByLabel('Message', { exact: true }).fill(reply)
  await doctor.page.getByRole('button', { name: 'Send' }).click()
  await patient.page
    .getByRole('list', { name: 'Chat messages' })
    .getByText(reply)
    .waitFor({ timeout: 30_000 })

  // Mute: the button is pressed and the microphone track is off.
  await patient.page.getByRole('button', { name: 'Mute' }).click()
  assert.equal(await patient.page.getByRole('button', { name: 'Mute' }).getAttribute('aria-pressed'), 'true')
  const micEnabled = await patient.page.evaluate(() => {
    const v = document.querySelector<HTMLVideoElement>('video[data-local-video]')
    return (v?.srcObject as MediaStream | null)?.getAudioTracks()[0]?.enabled ?? null
  })
  assert.equal(micEnabled, false)

  // 6. No key bytes in any WebSocket frame; payloads are opaque; chat text not on the wire.
  const digests = new Set<string>()
  for (const w of [doctor, patient]) {
    const d = await w.page.evaluate(() =>
      (
        window as unknown as { __tesseraCall: { keyDigests(): Promise<string[]> } }
      ).__tesseraCall.keyDigests(),
    )
    for (const x of d) digests.add(x)
  }
  assert.ok(digests.size >= 2, 'both senders drew a key')
  const frames = [...doctorWire.sent, ...doctorWire.received, ...patientWire.sent, ...patientWire.received]
  assert.ok(frames.length > 10, 'WebSocket frames were recorded')
  for (const f of frames) {
    assert.equal(containsKey(bytesOfWire(f), digests), false, 'a base key appears in a WebSocket frame')
    assert.ok(!f.includes('knee') && !f.includes('noted for the exam'), 'chat text in clear on the wire')
  }
  let protocolMessages = 0
  for (const f of frames) {
    const m = JSON.parse(f) as { type: string; kind?: string; payload?: string }
    if (m.type !== 'relay' || !m.payload) continue
    const bytes = Buffer.from(m.payload, 'base64url')
    if (m.kind === 'handshake' || m.kind === 'key-confirm' || m.kind === 'verify') {
      // 8-byte round tag, then a TH-E2EE v1 message: version 1, type msg1/msg2/msg3/control
      assert.equal(bytes[8], 1)
      assert.ok([1, 2, 3, 4].includes(bytes[9] ?? 0), `message type ${bytes[9]}`)
      protocolMessages++
    }
    if (m.kind === 'chat') assert.deepEqual([bytes[0], bytes[1]], [1, 5])
  }
  assert.ok(protocolMessages >= 6, 'handshake and control messages were relayed')

  // Both confirm the code; the call record says so.
  await doctor.page.getByRole('button', { name: 'Codes match' }).click()
  await patient.page.getByRole('button', { name: 'Codes match' }).click()
  await doctor.page.getByText('You confirmed the codes match.').waitFor()
  const record = await until('verifications recorded', async () => {
    const r = await pageApi(doctor.page, 'GET', `/api/consult/${appointmentId}/record`)
    const calls = r.body['calls'] as Array<{ verifications: Array<{ result: string }> }>
    return calls?.some((c) => c.verifications.filter((v) => v.result === 'match').length >= 2) ? r : null
  })
  assert.equal(record.status, 200)

  // Reconnect: Maria's signalling socket drops; she rejoins, both re-key, video flows again, and
  // both show the same (new) code.
  const decodedByDoctor = async () =>
    (await stats(doctor.page)).find((s) => s.direction === 'recv' && s.kind === 'video')?.workerPassed ?? 0
  const decodedBeforeDrop = await decodedByDoctor()
  await patient.page.evaluate(() =>
    (window as unknown as { __tesseraCall: { dropSocket(): void } }).__tesseraCall.dropSocket(),
  )
  await until('both encrypted again after the reconnect', async () => {
    const codes = await Promise.all([doctor, patient].map((w) => w.page.locator('[data-sas-digits]').count()))
    const encrypted = await Promise.all(
      [doctor, patient].map((w) => w.page.locator('[data-encryption="encrypted"]').count()),
    )
    return (
      codes.every((n) => n === 1) &&
      encrypted.every((n) => n === 1) &&
      (await decodedByDoctor()) > decodedBeforeDrop + 30
    )
  })
  // The re-key round settles on both sides within moments; then both show one code.
  let shown: string[] = []
  await until(
    () => `the same code after the reconnect (${shown.join(' vs ')})`,
    async () => {
      shown = [await codeOf(patient), await codeOf(doctor)]
      return shown[0] === shown[1]
    },
    30_000,
  )
  for (const w of [doctor, patient])
    await until('remote video after the reconnect', async () => (await remoteLitFraction(w.page)) > 0.2)

  // Watchdog (E2EE.md section 7): frames that bypass the transform stop all sending, with a banner.
  await patient.page.evaluate(() =>
    (
      window as unknown as { __tesseraCall: { hideSendFrames(): Promise<boolean> } }
    ).__tesseraCall.hideSendFrames(),
  )
  await patient.page.getByRole('alert').filter({ hasText: 'Sending stopped' }).waitFor({ timeout: 30_000 })
  await patient.page.getByText('Encryption stopped').waitFor()
  await until('the patient no longer sends', async () => {
    await stats(patient.page)
    return lastConnections.includes('no-track')
  })
  const receivedVideo = async () =>
    (await stats(doctor.page)).find((s) => s.direction === 'recv' && s.kind === 'video')?.workerPassed ?? 0
  const before = await receivedVideo()
  await new Promise((r) => setTimeout(r, 3000))
  const later = await receivedVideo()
  assert.ok(later - before <= 3, `the doctor still received ${later - before} video frames after the stop`)
  await screenshot(patient.page, 'consult-call-sending-stopped-phone')

  // End: the clinician ends the consultation; Maria's screen says so without a reload.
  await doctor.page.getByRole('button', { name: 'End call' }).click()
  await doctor.page.getByRole('heading', { name: 'The consultation has ended' }).waitFor({ timeout: 30_000 })
  assert.equal(await doctor.page.getByRole('region', { name: 'Video call' }).count(), 0)
  await patient.page.getByRole('heading', { name: 'The consultation has ended' }).waitFor({ timeout: 30_000 })
  assert.equal(await patient.page.getByRole('region', { name: 'Video call' }).count(), 0)
  await screenshot(patient.page, 'consult-call-ended-phone')
  const record2 = await pageApi(doctor.page, 'GET', `/api/consult/${appointmentId}/record`)
  const calls = record2.body['calls'] as Array<{ participants: Array<{ role: string; leftAt?: string }> }>
  assert.ok(
    calls.some((c) => c.participants.some((p) => p.role === 'host' && p.leftAt)),
    'the clinician left the call',
  )
  for (const w of [doctor, patient])
    assert.deepEqual(
      w.consoleErrors.filter((e) => /Content Security Policy|Refused/.test(e)),
      [],
      'no CSP violations',
    )
})

/** E2EE.md section 9 point 7: a signalling server that alters what it relays gets no call. */
for (const mode of ['handshake', 'fingerprint'] as const) {
  test(`a relay that alters ${mode === 'handshake' ? 'handshake messages' : 'DTLS fingerprints in SDP'} gets no media through`, async () => {
    const evil = await startConsultClinic(browser, { TESSERA_TEST_MITM: mode })
    try {
      const { doctor, patient } = await joinCall(browser, evil)
      await until('a verification failure shown', async () => {
        for (const w of [doctor, patient]) {
          const alert = w.page.getByRole('alert').filter({ hasText: 'could not be verified' })
          if ((await alert.count()) > 0) return true
        }
        return false
      })
      await new Promise((r) => setTimeout(r, 3000))
      for (const w of [doctor, patient]) {
        assert.equal(
          await w.page.locator('[data-encryption="encrypted"]').count(),
          0,
          'never shown as encrypted',
        )
        assert.equal(await w.page.locator('[data-sas-digits]').count(), 0, 'no verification code')
        const received = (await stats(w.page)).filter((s) => s.direction === 'recv')
        assert.equal(
          received.reduce((n, s) => n + s.workerPassed, 0),
          0,
          'no frame decrypted',
        )
      }
      await screenshot(doctor.page, `consult-call-mitm-${mode}-desktop`)
      await doctor.context.close()
      await patient.context.close()
    } finally {
      await evil.server.stop()
    }
  })
}

const TURNSERVER = '/usr/bin/turnserver'

/** A call forced through a real coturn (iceTransportPolicy 'relay'): still encrypted end to end. */
test(
  'a call relayed through coturn (TURN only) is encrypted end to end',
  { skip: !existsSync(TURNSERVER) },
  async () => {
    const probe = createSocket('udp4')
    await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', resolve))
    const port = probe.address().port
    probe.close()
    const secret = 'coturn-secret-for-the-call-test'
    const relayFrom = 40000 + Math.floor(Math.random() * 10000)
    // loopback peers allowed: both browsers' relays live on 127.0.0.1 in this test only
    const coturn = spawn(
      TURNSERVER,
      [
        '-n',
        '--listening-ip=127.0.0.1',
        `--listening-port=${port}`,
        '--relay-ip=127.0.0.1',
        `--min-port=${relayFrom}`,
        `--max-port=${relayFrom + 100}`,
        '--use-auth-secret',
        `--static-auth-secret=${secret}`,
        '--realm=tessera.test',
        '--no-tls',
        '--no-dtls',
        '--no-tcp',
        '--no-cli',
        '--allow-loopback-peers',
        '--log-file=stdout',
      ],
      { stdio: 'ignore' },
    )
    const relayed = await startConsultClinic(browser, {
      TESSERA_TURN_URLS: `turn:127.0.0.1:${port}?transport=udp`,
      TESSERA_TURN_SECRET: secret,
    })
    try {
      const { doctor, patient } = await joinCall(browser, relayed, true)
      for (const w of [doctor, patient]) {
        await w.page.locator('[data-encryption="encrypted"]').waitFor({ timeout: 90_000 })
        await until('decrypted video over the relay', async () => {
          const s = await stats(w.page)
          const v = s.find((x) => x.direction === 'recv' && x.kind === 'video')
          return v && v.workerPassed > 20 && v.decoded > 10 && lastRoutes.length > 0
        })
        assert.ok(
          lastRoutes.every((r) => r.startsWith('relay-')),
          `routes ${lastRoutes.join(',')}`,
        )
      }
      const code = async (w: WatchedPage) => (await w.page.locator('[data-sas-digits]').textContent())?.trim()
      assert.equal(await code(patient), await code(doctor))
      await doctor.context.close()
      await patient.context.close()
    } finally {
      await relayed.server.stop()
      coturn.kill('SIGTERM')
    }
  },
)

/** E2EE.md section 1: a new device key for a known account blocks sending until the code is checked. */
test('a new device for Maria blocks the clinician’s camera until he confirms the code', async () => {
  const c = await startConsultClinic(browser)
  try {
    const { doctor, patient } = await joinCall(browser, c)
    await doctor.page.locator('[data-encryption="encrypted"]').waitFor({ timeout: 90_000 })
    await patient.context.close()
    await doctor.page.getByText('Waiting for the patient to join…').waitFor({ timeout: 60_000 })

    // Maria again, from a browser profile with a different device key
    const second = await openPage(browser, c.server.url, PHONE)
    await second.context.addInitScript(() => localStorage.setItem('tessera.test-hooks', '1'))
    await c.people.signInByApi(second.page, c.maria)
    await enterCall(c, second, '/patient/consult')
    await doctor.page
      .getByRole('alert')
      .filter({ hasText: 'joined from a device we have not seen before' })
      .waitFor({ timeout: 90_000 })
    await second.page.locator('[data-sas-digits]').waitFor({ timeout: 90_000 })
    const videoIn = async (w: WatchedPage) =>
      (await stats(w.page)).find((s) => s.direction === 'recv' && s.kind === 'video')?.workerPassed ?? 0
    // she sends (the clinician's key is new to this profile), he does not until he checks the code
    await until('Maria’s video reaches the clinician', async () => (await videoIn(doctor)) > 20)
    assert.equal(await videoIn(second), 0, 'nothing from the clinician before he confirmed the code')
    await screenshot(doctor.page, 'consult-call-new-device-desktop')
    await doctor.page.getByRole('button', { name: 'Codes match' }).click()
    await until('the clinician’s video after the code check', async () => (await videoIn(second)) > 20)
    assert.equal(
      await doctor.page.getByRole('alert').filter({ hasText: 'not seen before' }).count(),
      0,
      'the notice is gone',
    )
    await doctor.context.close()
    await second.context.close()
  } finally {
    await c.server.stop()
  }
})
