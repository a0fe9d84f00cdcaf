// Shared pieces of the browser call tests: joining a call as Maria and Dr Okafor, the pages'
// WebSocket frames, the remote video's pixels, and searching wire bytes for a base key.
import { createHash } from 'node:crypto'
import assert from 'node:assert/strict'
import type { Browser, Page } from 'playwright-core'
import type { ConsultClinic } from './consult-fixture.ts'
import { DESKTOP, openPage, PHONE, screenshot, type WatchedPage } from './harness.ts'
import { pageApi } from './seeded.ts'

export interface StreamCheck {
  id: string
  direction: 'send' | 'recv'
  kind: 'audio' | 'video'
  workerFrames: number
  workerPassed: number
  workerDropped: number
  injectedRejected: number
  injectedAccepted: number
  rtp: number
  decoded: number
}

export interface Wire {
  sent: string[]
  received: string[]
}

export function recordSockets(page: Page): Wire {
  const wire: Wire = { sent: [], received: [] }
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => wire.sent.push(String(f.payload)))
    ws.on('framereceived', (f) => wire.received.push(String(f.payload)))
  })
  return wire
}

export async function until<T>(
  what: string | (() => string),
  probe: () => Promise<T | null | undefined | false>,
  ms = 90_000,
) {
  const deadline = Date.now() + ms
  let last: unknown
  while (Date.now() < deadline) {
    try {
      const v = await probe()
      if (v) return v
    } catch (err) {
      last = err
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error(
    `timed out waiting for ${typeof what === 'string' ? what : what()}${last instanceof Error ? `: ${last.message}` : ''}`,
  )
}

export async function enterCall(c: ConsultClinic, w: WatchedPage, path: string): Promise<void> {
  await w.page.evaluate((id) => sessionStorage.setItem('tessera.consult.appointment', id), c.appointmentId)
  await w.page.goto(`${c.server.url}${path}`)
  await w.page
    .getByRole('region', { name: 'Video call' })
    .waitFor({ timeout: 30_000 })
    .catch(async (err: unknown) => {
      await screenshot(w.page, `consult-call-no-call-${path.split('/')[1]}`)
      throw new Error(`${String(err)} ${w.consoleErrors.join(' | ')}`)
    })
}

/** Fraction of sampled pixels of the first remote <video> that are not near-black. */
export async function remoteLitFraction(page: Page): Promise<number> {
  return page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>('video[data-remote-video]')
    if (!video || video.videoWidth === 0) return 0
    const canvas = document.createElement('canvas')
    canvas.width = 160
    canvas.height = 90
    const g = canvas.getContext('2d')
    if (!g) return 0
    g.drawImage(video, 0, 0, canvas.width, canvas.height)
    const px = g.getImageData(0, 0, canvas.width, canvas.height).data
    let lit = 0
    for (let i = 0; i < px.length; i += 4) if ((px[i] ?? 0) + (px[i + 1] ?? 0) + (px[i + 2] ?? 0) > 60) lit++
    return lit / (px.length / 4)
  })
}

export function bytesOfWire(text: string): Buffer[] {
  // every base64/base64url or hex run long enough to hold a 32-byte key, decoded
  const out: Buffer[] = [Buffer.from(text, 'utf8')]
  for (const m of text.matchAll(/[A-Za-z0-9+/_-]{40,}={0,2}/g))
    out.push(Buffer.from(m[0].replace(/-/g, '+').replace(/_/g, '/'), 'base64'))
  for (const m of text.matchAll(/[0-9a-fA-F]{64,}/g)) out.push(Buffer.from(m[0], 'hex'))
  return out
}

export function containsKey(buffers: Buffer[], digests: Set<string>): boolean {
  for (const b of buffers)
    for (let i = 0; i + 32 <= b.length; i++)
      if (
        digests.has(
          createHash('sha256')
            .update(b.subarray(i, i + 32))
            .digest('hex'),
        )
      )
        return true
  return false
}

/** Maria checks in, Dr Okafor admits her, both open the consult page with test hooks on. */
export async function joinCall(browser: Browser, c: ConsultClinic, relayOnly = false) {
  const { people, maria, okafor, appointmentId } = c
  const doctor = await openPage(browser, c.server.url, DESKTOP)
  const patient = await openPage(browser, c.server.url, PHONE)
  for (const w of [doctor, patient])
    await w.context.addInitScript((relay) => {
      localStorage.setItem('tessera.test-hooks', '1')
      if (relay) localStorage.setItem('tessera.test.relay-only', '1')
    }, relayOnly)
  const doctorWire = recordSockets(doctor.page)
  const patientWire = recordSockets(patient.page)
  await people.signInByApi(doctor.page, okafor)
  await people.signInByApi(patient.page, maria)

  const checkIn = await pageApi(patient.page, 'POST', `/api/consult/${appointmentId}/check-in`)
  assert.ok(checkIn.status < 300, `check-in: ${checkIn.status}`)
  const admit = await pageApi(doctor.page, 'POST', `/api/consult/${appointmentId}/admit`)
  assert.ok(admit.status < 300, `admit: ${admit.status}`)

  await enterCall(c, doctor, '/clinician/consult')
  await enterCall(c, patient, '/patient/consult')
  return { doctor, patient, doctorWire, patientWire }
}
