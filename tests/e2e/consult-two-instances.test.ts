// Two Tessera instances sharing one PostgreSQL database and one Redis (issue 9, "a patient on
// instance A and a clinician on instance B complete a call"): Maria signs in, books and checks in on
// A; Dr Okafor signs in, admits her and joins on B. Signalling crosses between the instances through
// Redis pub/sub; both see the call encrypted, the same verification code and each other's camera.
// Needs a PostgreSQL server (TEST_DATABASE_URL) and Redis (REDIS_URL): the embedded database is one
// process's, so two instances cannot share it; without both the suite is skipped with that reason.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import pg from 'pg'
import type { Browser, Page } from 'playwright-core'
import { runTessera } from '../../apps/server/src/testing/spawn-tessera.ts'
import { bookVideoAppointment } from './consult-fixture.ts'
import { DemoPeople } from './demo-people.ts'
import {
  DESKTOP,
  launchBrowser,
  openPage,
  PHONE,
  screenshot,
  startTessera,
  type RunningTessera,
  type WatchedPage,
} from './harness.ts'
import { freePort, pageApi, type DemoUser } from './seeded.ts'

const databaseUrl = process.env['TEST_DATABASE_URL']
const redisUrl = process.env['REDIS_URL']
const skip = !databaseUrl || !redisUrl ? 'needs TEST_DATABASE_URL and REDIS_URL (two processes)' : false

const schema = `t_${randomBytes(6).toString('hex')}`
let browser: Browser
const instances: RunningTessera[] = []

after(async () => {
  await browser?.close()
  for (const i of instances) await i.stop()
  if (!skip) {
    const client = new pg.Client({ connectionString: databaseUrl })
    await client.connect()
    await client.query(`drop schema if exists ${schema} cascade`)
    await client.end()
  }
})

before(async () => {
  if (!skip) browser = await launchBrowser()
})

async function inCall(w: WatchedPage, url: string, path: string, appointmentId: string): Promise<void> {
  await w.page.evaluate((id) => sessionStorage.setItem('tessera.consult.appointment', id), appointmentId)
  await w.page.goto(`${url}${path}`)
  await w.page.locator('[data-encryption="encrypted"]').waitFor({ timeout: 120_000 })
}

async function remoteVideoLit(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>('video[data-remote-video]')
    if (!video || video.videoWidth === 0) return false
    const canvas = document.createElement('canvas')
    canvas.width = 80
    canvas.height = 45
    const g = canvas.getContext('2d')
    if (!g) return false
    g.drawImage(video, 0, 0, canvas.width, canvas.height)
    const px = g.getImageData(0, 0, canvas.width, canvas.height).data
    let lit = 0
    for (let i = 0; i < px.length; i += 4) if ((px[i] ?? 0) + (px[i + 1] ?? 0) + (px[i + 2] ?? 0) > 60) lit++
    return lit / (px.length / 4) > 0.2
  })
}

test(
  'a patient on instance A and a clinician on instance B complete an encrypted call',
  { skip },
  async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tessera-e2e-two-'))
    const clockFile = join(dataDir, 'clock-offset-ms')
    writeFileSync(clockFile, '0')
    const shared = {
      DATABASE_URL: databaseUrl!,
      TESSERA_DATABASE_SCHEMA: schema,
      REDIS_URL: redisUrl!,
      NODE_ENV: 'test',
      TESSERA_TEST_CLOCK_FILE: clockFile,
    }
    const seed = await runTessera(['seed-demo', '--data', dataDir, '--json'], shared)
    assert.equal(seed.code, 0, seed.output)
    const json = seed.output.slice(seed.output.indexOf('{'), seed.output.lastIndexOf('}') + 1)
    const users = (JSON.parse(json) as { users: DemoUser[] }).users

    // Same database, Redis and master key (the data directory holds only the key here); each
    // instance answers on its own address, as behind a load balancer without sticky sessions.
    const ports = [await freePort(), await freePort()]
    for (const port of ports)
      instances.push(
        await startTessera({ ...shared, TESSERA_PUBLIC_URL: `http://localhost:${port}` }, { port, dataDir }),
      )
    const [a, b] = instances as [RunningTessera, RunningTessera]
    let offset = 0
    const now = () => Date.now() + offset
    const onA = new DemoPeople(users, () => a.url, now)
    const onB = new DemoPeople(users, () => b.url, now)
    const maria = onA.user('maria.garcia@patient.example')
    const okafor = onB.user('dr.okafor@clinic.example')

    const booked = await bookVideoAppointment(browser, a.url, onA, maria, okafor)
    offset = booked.start - 5 * 60_000 - Date.now()
    writeFileSync(clockFile, String(offset))
    await new Promise((resolve) => setTimeout(resolve, 300))

    const patient = await openPage(browser, a.url, PHONE)
    const doctor = await openPage(browser, b.url, DESKTOP)
    await onA.signInByApi(patient.page, maria)
    await onB.signInByApi(doctor.page, okafor)

    // Check-in on A reaches the clinician's Today page on B live (lobby over Redis).
    await doctor.page.goto(`${b.url}/clinician`)
    const checkIn = await pageApi(patient.page, 'POST', `/api/consult/${booked.id}/check-in`)
    assert.equal(checkIn.status, 200, JSON.stringify(checkIn.body))
    await doctor.page
      .getByRole('button', { name: /Admit/ })
      .first()
      .waitFor({ timeout: 60_000 })
      .catch(async (err: unknown) => {
        await screenshot(doctor.page, 'consult-two-instances-no-admit')
        throw err
      })
    const admit = await pageApi(doctor.page, 'POST', `/api/consult/${booked.id}/admit`)
    assert.equal(admit.status, 200, JSON.stringify(admit.body))

    await Promise.all([
      inCall(doctor, b.url, '/clinician/consult', booked.id),
      inCall(patient, a.url, '/patient/consult', booked.id),
    ]).catch(async (err: unknown) => {
      await screenshot(doctor.page, 'consult-two-instances-doctor')
      await screenshot(patient.page, 'consult-two-instances-patient')
      throw err
    })
    const code = async (w: WatchedPage) => {
      await w.page.locator('[data-sas-digits]').waitFor({ timeout: 60_000 })
      return (await w.page.locator('[data-sas-digits]').textContent())?.trim() ?? ''
    }
    const doctorCode = await code(doctor)
    assert.match(doctorCode, /^\d{6}$/)
    assert.equal(await code(patient), doctorCode, 'one verification code across the two instances')

    for (const w of [doctor, patient]) {
      const deadline = Date.now() + 90_000
      while (!(await remoteVideoLit(w.page))) {
        if (Date.now() > deadline) {
          await screenshot(w.page, `consult-two-instances-dark-${w === doctor ? 'doctor' : 'patient'}`)
          assert.fail('the remote camera never showed')
        }
        await new Promise((resolve) => setTimeout(resolve, 500))
      }
    }
    await screenshot(doctor.page, 'consult-two-instances-doctor-on-b')
    await screenshot(patient.page, 'consult-two-instances-patient-on-a')

    // The clinician ends on B; Maria's page on A says so.
    await doctor.page.getByRole('button', { name: 'End call' }).click()
    await patient.page
      .getByRole('heading', { name: 'The consultation has ended' })
      .waitFor({ timeout: 60_000 })
  },
)
