// After the consultation, through the UI: the pharmacist dispenses and ships (prescribing.test.ts),
// the patient sees it on her phone and asks for a repeat in two taps, Dr Okafor approves it; a
// secure message and its reply (messaging.test.ts); the patient reads who viewed her record
// (access-log.test.ts) and downloads her record when the privacy centre offers it.
import assert from 'node:assert/strict'
import { unzip } from '../../../apps/server/src/testing/zip-reader.ts'
import { DESKTOP, type WatchedPage } from '../harness.ts'
import { CANARY, canaryHits } from './observer.ts'
import { explain, LONG, shot, staffPage, type Journey } from './journey.ts'
import { patientPage } from './patient-steps.ts'

const OKAFOR = 'dr.okafor@clinic.example'

/** Presses "Refresh" until `ready` (a pharmacy task appears after the job runner's poll). */
async function refreshUntil(j: Journey, w: WatchedPage, what: string, ready: () => Promise<boolean>) {
  await explain(j, w, what, async () => {
    for (let i = 0; i < 30 && !(await ready()); i++) {
      await w.page.getByRole('button', { name: 'Refresh', exact: true }).click()
      await w.page.waitForTimeout(1000)
    }
    assert.ok(await ready(), what)
  })
}

export async function pharmacyDispenses(j: Journey): Promise<void> {
  assert.ok(j.appointment)
  // A day and a bit later (the repeat interval is one day): everyone signs in again.
  await j.clinic.setServerClock(j.appointment.start + 26 * 3_600_000)
  const pharm = await staffPage(j, 'pharmacy@clinic.example', DESKTOP)
  j.open.set('pharmacy', pharm)
  const { page } = pharm
  await page.goto(`${j.clinic.url}/clinician/pharmacy`)
  await page.getByRole('heading', { level: 1, name: 'Pharmacy queue' }).waitFor(LONG)
  const card = page.getByRole('listitem').filter({ hasText: `${j.patient.name}: Sertraline` })
  await refreshUntil(j, pharm, 'the task in the queue', async () => (await card.count()) > 0)
  await card.getByRole('button', { name: 'Claim' }).click()
  await card.getByRole('button', { name: 'Mark as checked' }).click()
  await card.getByRole('button', { name: 'Dispense' }).click()
  await card.getByRole('textbox', { name: 'Batch number' }).fill('SRT-3141')
  await card.getByRole('textbox', { name: 'Expiry date' }).fill('2030-06-30')
  await shot(j, pharm, 'pharmacy-dispense')
  await card.getByRole('button', { name: 'Record dispense' }).click()
  await explain(j, pharm, 'Mark as shipped', () =>
    card.getByRole('button', { name: 'Mark as shipped' }).waitFor(LONG),
  )
  await card.getByRole('button', { name: 'Mark as shipped' }).click()
  await explain(j, pharm, 'the task leaving the queue', () => card.waitFor({ state: 'detached', ...LONG }))
}

export async function patientRequestsRepeat(j: Journey): Promise<void> {
  const phone = await patientPage(j)
  const { page } = phone
  try {
    await page.goto(`${j.clinic.url}/patient/prescriptions`)
    const mine = page.getByRole('listitem').filter({ hasText: 'Sertraline 50 mg' })
    await explain(j, phone, 'her prescription', () => mine.waitFor(LONG))
    const timeline = mine.getByRole('list', { name: 'Progress' })
    await timeline.getByText('Dispensed', { exact: true }).waitFor()
    await timeline.getByText('Shipped', { exact: true }).waitFor()
    await shot(j, phone, 'patient-prescription-shipped')
    await mine.getByRole('button', { name: 'Request a repeat' }).click()
    await mine.getByRole('button', { name: 'Send repeat request' }).click()
    await explain(j, phone, 'the request sent', () => mine.getByText('Repeat requested').waitFor(LONG))
    await shot(j, phone, 'patient-repeat-requested')
  } finally {
    await phone.context.close()
  }
}

export async function clinicianApprovesRepeat(j: Journey): Promise<void> {
  const desk = await staffPage(j, OKAFOR, DESKTOP)
  try {
    await desk.page.goto(`${j.clinic.url}/clinician/queues`)
    const request = desk.page.getByRole('listitem').filter({ hasText: j.patient.name })
    await explain(j, desk, 'the repeat request', () => request.waitFor(LONG))
    await shot(j, desk, 'clinician-repeat-queue')
    await request.getByRole('button', { name: 'Approve repeat' }).click()
    await explain(j, desk, 'the queue emptied', () =>
      desk.page.getByText('No requests waiting.').waitFor(LONG),
    )
  } finally {
    await desk.context.close()
  }
  const pharm = j.open.get('pharmacy')
  assert.ok(pharm)
  const repeat = pharm.page.getByRole('listitem').filter({ hasText: 'Repeat, issue 2' })
  await refreshUntil(j, pharm, 'the repeat at the pharmacy', async () => (await repeat.count()) > 0)
  await shot(j, pharm, 'pharmacy-repeat')
  await pharm.context.close()
  j.open.delete('pharmacy')
}

export async function secureMessages(j: Journey): Promise<void> {
  const subject = `Question about my tablets ${CANARY.message}`
  const body = `Can I take them in the evening instead? ${CANARY.message}`
  const reply = 'Yes, evening is fine; keep the same time each day.'
  const phone = await patientPage(j)
  const desk = await staffPage(j, OKAFOR, DESKTOP)
  try {
    await phone.page.goto(`${j.clinic.url}/patient/messages`)
    await phone.page.getByRole('button', { name: 'New message' }).click()
    await phone.page.getByLabel('Subject').fill(subject)
    await phone.page.getByLabel('Message', { exact: true }).fill(body)
    await phone.page.getByRole('button', { name: 'Send', exact: true }).click()
    await explain(j, phone, 'the sent thread', () =>
      phone.page.getByRole('heading', { name: subject, level: 2 }).waitFor(LONG),
    )
    await shot(j, phone, 'message-sent')

    await desk.page.goto(`${j.clinic.url}/clinician/inbox`)
    const item = desk.page.getByRole('button', { name: new RegExp(`Question about my tablets`) })
    await explain(j, desk, 'the thread in the inbox', () => item.waitFor(LONG))
    await item.click()
    await desk.page.getByRole('heading', { name: subject, level: 2 }).waitFor(LONG)
    await desk.page.getByLabel('Reply to the patient').fill(reply)
    await desk.page.getByRole('button', { name: 'Send', exact: true }).click()
    await explain(j, desk, 'the reply sent', () =>
      desk.page.locator('.msg-bubble--mine').getByText('evening is fine', { exact: false }).waitFor(LONG),
    )
    await shot(j, desk, 'message-reply-desktop')

    await explain(j, phone, 'the reply on her phone', () =>
      phone.page.locator('.msg-bubble--theirs').getByText('evening is fine', { exact: false }).waitFor(LONG),
    )
    await shot(j, phone, 'message-reply-read')
  } finally {
    await phone.context.close()
    await desk.context.close()
  }
}

export async function accessLogAndDownload(j: Journey): Promise<void> {
  const phone = await patientPage(j)
  const { page } = phone
  try {
    await page.goto(`${j.clinic.url}/patient/privacy`)
    await page.getByRole('heading', { name: 'Who viewed my record' }).waitFor(LONG)
    const item = page.getByRole('listitem').filter({ hasText: 'Dr Ada Okafor' }).first()
    await explain(j, phone, 'Dr Okafor in her access log', () => item.waitFor(LONG))
    assert.match(await item.innerText(), /Clinician/)
    await shot(j, phone, 'access-log')

    // "Download all my data": one ZIP with her FHIR record and her documents.
    const downloading = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Download all my data' }).click()
    const download = await downloading
    const files = await unzip(await download.path())
    const record = files.get('record.fhir.json')?.toString('utf8') ?? ''
    assert.equal((JSON.parse(record) as { resourceType: string }).resourceType, 'Bundle', 'a FHIR bundle')
    const documents = [...files.keys()].filter((name) => name.startsWith('documents/'))
    assert.ok(documents.length >= 1, 'her summary of care is in the archive')
    j.exportedCanaries = [...new Set(canaryHits([record, ...documents].join('\n')))]
    await page.getByText(/^Saved tessera-my-data-\d{4}-\d{2}-\d{2}\.zip/).waitFor(LONG)
    await shot(j, phone, 'record-downloaded')
  } finally {
    await phone.context.close()
  }
}
