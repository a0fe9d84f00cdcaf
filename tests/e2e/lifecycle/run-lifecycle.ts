// The lifecycle as a list of steps (one node:test test each, in order) and the checks that close
// every run: the canaries appear nowhere outside the app's pages (server log, emails, request URLs,
// error bodies), every HTML document carried the S41 headers, nothing went to another origin (S38).
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import type { Browser } from 'playwright-core'
import { ARTIFACTS } from '../harness.ts'
import {
  accessLogAndDownload,
  clinicianApprovesRepeat,
  patientRequestsRepeat,
  pharmacyDispenses,
  secureMessages,
} from './after-steps.ts'
import { bookAppointment, clinicianVerifiesDocument, reminderArrives } from './care-steps.ts'
import type { LifecycleClinic } from './clinic.ts'
import { admit, encryptedCallWithNotes, prescribeAndSign, waitingRoom } from './consult-steps.ts'
import { newJourney, type Journey } from './journey.ts'
import { CANARY, canaryHits } from './observer.ts'
import {
  giveConsent,
  intakeOnPhone,
  intakeOnSecondDevice,
  registerWithPasskey,
  uploadSummaryOfCare,
} from './patient-steps.ts'

export const STEPS: Array<[string, (j: Journey) => Promise<unknown>]> = [
  ['register with a passkey (phone)', registerWithPasskey],
  ['consent: privacy notice and telehealth (phone)', giveConsent],
  ['intake, first half on the phone', intakeOnPhone],
  ['intake continued on a second device where she stopped, then PHQ-9 and GAD-7', intakeOnSecondDevice],
  ['upload the summary of care (phone)', uploadSummaryOfCare],
  ['the clinician verifies the document (desktop)', clinicianVerifiesDocument],
  ['book a video appointment two days ahead (phone)', bookAppointment],
  ['the reminder reaches the SMTP server at its time (test clock)', reminderArrives],
  ['device check and waiting room (phone)', waitingRoom],
  ['the clinician admits her from Today and joins (desktop)', admit],
  ['E2EE call: same verification code, both confirm, chat, notes beside the video', encryptedCallWithNotes],
  ['prescribe from the notes panel and sign; sign the note; end the call', prescribeAndSign],
  ['the pharmacy dispenses and ships', pharmacyDispenses],
  ['the patient sees it dispensed and requests a repeat in two taps', patientRequestsRepeat],
  ['the clinician approves the repeat; the pharmacy gets issue 2', clinicianApprovesRepeat],
  ['secure message and reply', secureMessages],
  ['the patient reads her access log and downloads her record', accessLogAndDownload],
]

export interface LifecycleSuite {
  /** Starts the clinic (in `before`). */
  start(): Promise<{ clinic: LifecycleClinic; browser: Browser }>
  prefix: string
  skip: string | false
}

/** Declares the steps and the closing checks as tests of the calling file. */
export function declareLifecycle(suite: LifecycleSuite): { journey: () => Journey | undefined } {
  let journey: Journey | undefined
  let failed: string | undefined
  const started = Date.now()
  for (const [name, run] of STEPS) {
    test(name, { skip: suite.skip }, async () => {
      if (!journey) {
        const { clinic, browser } = await suite.start()
        journey = newJourney(clinic, browser, suite.prefix)
      }
      assert.equal(failed, undefined, `an earlier step failed: ${failed}`)
      const t0 = Date.now()
      try {
        await run(journey)
      } catch (err) {
        failed = name
        throw err
      }
      console.log(`# ${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`)
    })
  }

  test(
    'PHI canaries appear 0 times in the server log, metrics, emails, request URLs and error bodies',
    { skip: suite.skip },
    async () => {
      assert.ok(journey, 'the journey ran')
      const j = journey
      // Kept as an artefact, to see what the search below covered (and why a step failed).
      mkdirSync(ARTIFACTS, { recursive: true })
      writeFileSync(join(ARTIFACTS, `${j.prefix}-server.log`), j.clinic.serverLog())
      assert.equal(failed, undefined, `the journey stopped at: ${failed}`)
      await j.observer.settle()
      const metrics = await j.clinic.metrics()
      assert.match(metrics, /tessera_http_request_duration_seconds_count\{/, 'the metrics saw the journey')
      const places: Record<string, string[]> = {
        'server log': canaryHits(j.clinic.serverLog()),
        metrics: canaryHits(metrics),
        emails: allMail(j).flatMap((raw) => canaryHits(raw)),
        'request URLs': j.observer.requestUrls.flatMap((u) => canaryHits(decodeURIComponent(u))),
        'error bodies': j.observer.errorAnswers.flatMap((e) => canaryHits(e.body)),
      }
      const total = Object.values(places).reduce((n, hits) => n + hits.length, 0)
      console.log(
        `# canary hits: ${total} (${Object.entries(places)
          .map(([k, v]) => `${k} ${v.length}`)
          .join(', ')}); ` +
          `searched ${j.clinic.serverLog().length} log chars, ${metrics.length} metrics chars, ${allMail(j).length} emails, ` +
          `${j.observer.requestUrls.length} URLs, ${j.observer.errorAnswers.length} error bodies ` +
          `(${[...new Set(j.observer.errorAnswers.map((e) => `${e.status} ${new URL(e.url).pathname.replace(/[0-9a-f-]{36}/g, ':id')}`))].join('; ')})`,
      )
      assert.deepEqual(places, {
        'server log': [],
        metrics: [],
        emails: [],
        'request URLs': [],
        'error bodies': [],
      })
      // A control: the canaries did reach the clinic (her record holds them), so the searches above
      // looked for strings the server really handled.
      assert.ok(j.clinic.mailbox.to(j.patient.email).length >= 3, 'the patient got her emails')
      console.log(`# canaries in her downloaded data: ${j.exportedCanaries.join(', ')}`)
      for (const canary of [CANARY.name, CANARY.file])
        assert.ok(j.exportedCanaries.includes(canary), `${canary} reached the clinic (her download holds it)`)
    },
  )

  test(
    'every HTML document carries the S41 headers; no request leaves our origin (S38)',
    { skip: suite.skip },
    async () => {
      assert.ok(journey, 'the journey ran')
      assert.equal(failed, undefined, `the journey stopped at: ${failed}`)
      const o = journey.observer
      console.log(
        `# ${o.documentsChecked.length} documents checked (${[...new Set(o.documentsChecked)].join(', ')}); ` +
          `${o.requestUrls.length} requests, ${o.foreignRequests.length} to other origins; ` +
          `${journey.shots} screenshots; ${((Date.now() - started) / 1000).toFixed(0)} s in all`,
      )
      assert.ok(o.documentsChecked.length >= 15, 'documents were seen')
      assert.ok(
        o.documentsChecked.some((p) => /\/consult$/.test(p)),
        'a consult page was seen',
      )
      assert.deepEqual(o.headerFindings, [], 'S41 headers on every document')
      assert.deepEqual(o.foreignRequests, [], 'no request leaves our origin (S38)')
    },
  )

  return { journey: () => journey }
}

function allMail(j: Journey): string[] {
  // Every message the SMTP server received, whoever it was for (staff alerts too).
  // decoded (subject, body) and as sent (raw), so an encoding cannot hide a canary
  return j.clinic.mailbox.all().map((m) => `${m.subject}\n${m.body}\n${m.raw}`)
}
