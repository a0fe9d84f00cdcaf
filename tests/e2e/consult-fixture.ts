// The demo clinic with a video appointment about to start, for the consultation browser suites:
// Maria books a video appointment with Dr Okafor two days ahead (at the real time), then the
// server's test clock (TESSERA_TEST_CLOCK_FILE, honoured only with NODE_ENV=test) is moved to a few
// minutes before its start, inside the join window. Sign people in after this (a moved clock ends
// sessions that were idle "for two days").
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { openPage, type RunningTessera } from './harness.ts'
import { DemoPeople } from './demo-people.ts'
import { pageApi, startSeededTessera, type DemoUser } from './seeded.ts'

export interface ConsultClinic {
  server: RunningTessera
  people: DemoPeople
  maria: DemoUser
  okafor: DemoUser
  appointmentId: string
  /** The appointment's start (epoch ms, real calendar). */
  start: number
  /** Moves the server's clock so that it reads `at` (plus the time since this call). */
  setServerClock(at: number): void
}

export async function startConsultClinic(
  browser: Browser,
  env: Record<string, string> = {},
  minutesBeforeStart = 5,
): Promise<ConsultClinic> {
  const clockFile = join(mkdtempSync(join(tmpdir(), 'tessera-e2e-clock-')), 'offset-ms')
  writeFileSync(clockFile, '0')
  const seeded = await startSeededTessera({ ...env, NODE_ENV: 'test', TESSERA_TEST_CLOCK_FILE: clockFile })
  const server = seeded.server
  let offset = 0
  const people = new DemoPeople(
    seeded.users,
    () => server.url,
    () => Date.now() + offset,
  )
  const maria = people.user('maria.garcia@patient.example')
  const okafor = people.user('dr.okafor@clinic.example')

  const booked = await bookVideoAppointment(browser, server.url, people, maria, okafor)

  const setServerClock = (at: number): void => {
    offset = at - Date.now()
    writeFileSync(clockFile, String(offset))
  }
  setServerClock(booked.start - minutesBeforeStart * 60_000)
  // The clock file is re-read at most every 100 ms.
  await new Promise((resolve) => setTimeout(resolve, 300))
  return { server, people, maria, okafor, appointmentId: booked.id, start: booked.start, setServerClock }
}

/** Maria books a video appointment with Dr Okafor more than two days ahead (real calendar). */
export async function bookVideoAppointment(
  browser: Browser,
  url: string,
  people: DemoPeople,
  maria: DemoUser,
  okafor: DemoUser,
): Promise<{ id: string; start: number }> {
  const booking = await openPage(browser, url, { name: 'desktop', width: 1280, height: 800 })
  await people.signInByApi(booking.page, maria)
  const types = await pageApi(booking.page, 'GET', '/api/scheduling/types')
  const video = (types.body['types'] as Array<{ id: string; name: string; mode: string }>).filter(
    (t) => t.mode === 'video',
  )
  let booked: { id: string; start: number } | null = null
  for (const type of video) {
    const slots = await pageApi(booking.page, 'GET', `/api/scheduling/slots?typeId=${type.id}&limit=80`)
    const free = (slots.body['slots'] as Array<{ start: string; clinicianId: string }> | undefined) ?? []
    const slot = free.find(
      (s) => s.clinicianId === okafor.id && Date.parse(s.start) > Date.now() + 2 * 86_400_000,
    )
    if (!slot) continue
    const answer = await pageApi(booking.page, 'POST', '/api/appointments', {
      typeId: type.id,
      clinicianId: slot.clinicianId,
      start: slot.start,
    })
    if (answer.status === 201) {
      booked = { id: String(answer.body['id']), start: Date.parse(slot.start) }
      break
    }
  }
  await booking.context.close()
  assert.ok(booked, 'Maria could book a video appointment with Dr Okafor')
  return booked
}
