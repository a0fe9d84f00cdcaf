// The patient lifecycle as one browser suite (issue 13), following shared/design/JOURNEYS.md with the
// demo clinic on one Tessera instance (the embedded database; PostgreSQL when TEST_DATABASE_URL is
// set): a new patient registers with a passkey on a 360 px phone, consents, fills the intake on two
// devices, uploads her summary of care; Dr Okafor (1280 px) verifies it; she books, the reminder
// reaches a real SMTP server (test clock), she waits, is admitted, the call is end-to-end encrypted
// with the code checked, notes and a signed prescription, the pharmacy dispenses, she asks for a
// repeat, it is approved, messages are exchanged, and she reads her access log and downloads her
// record. Throughout: PHI canaries nowhere outside the pages, S41 headers, no other origin (S38).
// Steps: tests/e2e/lifecycle/ (README.md). Screenshots: test-results/screenshots/lifecycle-NN-*.png.
import { after } from 'node:test'
import type { Browser } from 'playwright-core'
import { launchBrowser } from './harness.ts'
import { startLifecycleClinic, type LifecycleClinic } from './lifecycle/clinic.ts'
import { declareLifecycle } from './lifecycle/run-lifecycle.ts'

let browser: Browser | undefined
let clinic: LifecycleClinic | undefined

declareLifecycle({
  prefix: 'lifecycle',
  skip: false,
  async start() {
    ;[browser, clinic] = await Promise.all([
      launchBrowser(),
      startLifecycleClinic({ instances: 1, databaseUrl: process.env['TEST_DATABASE_URL'] }),
    ])
    return { clinic, browser }
  },
})

after(async () => {
  await browser?.close()
  await clinic?.stop()
})
