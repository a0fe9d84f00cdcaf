// Reminders end to end: the real `tessera start` on a seeded demo clinic, a real SMTP server, and a
// test clock (TESSERA_TEST_CLOCK_FILE, honoured only with NODE_ENV=test). Maria books on a 360 px
// phone and moves the appointment; the clock is then moved to just after each reminder's time and
// the durable job queue sends one email each time: the date, the time and "sign in", from the
// configurable sender, and no name, clinician, appointment type or specialty word.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { parseMessage, startSmtp } from '../../apps/server/src/platform/mail/smtp-test-server.ts'
import { assertClean, checkPage, DemoPeople } from './demo-people.ts'
import { launchBrowser, openPage, PHONE, type RunningTessera } from './harness.ts'
import { pageApi, startSeededTessera } from './seeded.ts'

let smtp: Awaited<ReturnType<typeof startSmtp>>
let server: RunningTessera
let browser: Browser
let people: DemoPeople
const clockFile = join(mkdtempSync(join(tmpdir(), 'tessera-e2e-clock-')), 'offset-ms')

before(async () => {
  smtp = await startSmtp()
  writeFileSync(clockFile, '0')
  const seeded = await startSeededTessera({
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    SMTP_STARTTLS: 'off',
    MAIL_FROM_NAME: 'Appointments',
    NODE_ENV: 'test',
    TESSERA_TEST_CLOCK_FILE: clockFile,
  })
  server = seeded.server
  people = new DemoPeople(seeded.users, () => server.url)
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  await server?.stop()
  await smtp?.close()
})

/** Moves the server's clock so that it reads `at` (plus the time since this call). */
function setServerClock(at: number): void {
  writeFileSync(clockFile, String(at - Date.now()))
}

async function remindersTo(address: string, count: number): Promise<string[]> {
  const deadline = Date.now() + 30_000
  for (;;) {
    const mails = smtp.received
      .filter((m) => m.rcptTo.includes(address))
      .map((m) => m.raw)
      .filter((raw) => /^Subject: Appointment reminder/im.test(raw))
    if (mails.length >= count || Date.now() > deadline) return mails
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

test('a booked and moved appointment gets its reminders on time, with nothing clinical in them', async () => {
  const maria = people.user('maria.garcia@patient.example')
  const phone = await openPage(browser, server.url, PHONE)
  await people.signInByApi(phone.page, maria)
  const types = await pageApi(phone.page, 'GET', '/api/scheduling/types')
  const type = (types.body['types'] as Array<{ id: string; name: string }>).find(
    (t) => t.name === 'Initial consultation',
  )
  assert.ok(type)
  const slots = await pageApi(phone.page, 'GET', `/api/scheduling/slots?typeId=${type.id}&limit=40`)
  const free = slots.body['slots'] as Array<{ start: string; clinicianId: string }>
  // A time at least two days ahead, so both reminders (24 h and 1 h before) are still to come.
  const twoDays = Date.now() + 2 * 86_400_000
  const [first, second] = free.filter((s) => Date.parse(s.start) > twoDays)
  assert.ok(first && second, 'two free times two days ahead')
  const booked = await pageApi(phone.page, 'POST', '/api/appointments', {
    typeId: type.id,
    clinicianId: first.clinicianId,
    start: first.start,
  })
  assert.equal(booked.status, 201, JSON.stringify(booked.body))
  const id = String(booked.body['id'])
  const moved = await pageApi(phone.page, 'POST', `/api/appointments/${id}/reschedule`, {
    start: second.start,
  })
  assert.equal(moved.status, 200, JSON.stringify(moved.body))

  await phone.page.goto(`${server.url}/patient/appointments`)
  await phone.page.getByRole('heading', { name: 'Appointments', level: 1 }).waitFor()
  await checkPage(phone, 'reminders-booked-phone')
  assertClean(phone, 'reminders')
  await phone.context.close()

  const start = Date.parse(second.start)
  assert.equal((await remindersTo(maria.email, 1)).length, 0, 'nothing is sent before its time')
  setServerClock(start - 24 * 3_600_000 + 20_000)
  const dayBefore = await remindersTo(maria.email, 1)
  assert.equal(dayBefore.length, 1, 'the day-before reminder arrives')
  setServerClock(start - 3_600_000 + 20_000)
  const all = await remindersTo(maria.email, 2)
  assert.equal(all.length, 2, 'the hour-before reminder arrives')
  await new Promise((resolve) => setTimeout(resolve, 2_000))
  assert.equal((await remindersTo(maria.email, 3)).length, 2, 'each reminder once, none for the old time')

  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(start))
  for (const raw of all) {
    const { headers, body } = parseMessage(raw)
    assert.match(headers.get('from') ?? '', /Appointments/)
    assert.ok(body.includes(time), `the reminder names the new time ${time}: ${body}`)
    assert.match(body, /[Ss]ign in/)
    const everything = `${[...headers.values()].join('\n')}\n${body}`
    for (const secret of ['Maria', 'Garcia', 'Okafor', 'consultation', 'Initial', 'cannabis', 'Riverside']) {
      assert.ok(!everything.includes(secret), `"${secret}" is not in a reminder`)
    }
  }
})
