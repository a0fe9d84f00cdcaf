// The consultation in the lifecycle suite, all through the UI: the patient checks in from her
// phone and waits (consult-waiting-room.test.ts), Dr Okafor admits her from Today and joins; the
// call is end-to-end encrypted with the same verification code on both sides, confirmed by both,
// with a chat line (consult-call.test.ts); he writes notes beside the video (consult-notes.test.ts),
// prescribes from the notes panel and signs (prescribing.test.ts), signs the note and ends the call.
import assert from 'node:assert/strict'
import { DESKTOP, type WatchedPage } from '../harness.ts'
import { pageApi } from '../seeded.ts'
import { CANARY } from './observer.ts'
import { explain, LONG, shot, staff, staffPage, type Journey } from './journey.ts'
import { patientPage } from './patient-steps.ts'

const OKAFOR = 'dr.okafor@clinic.example'
const CALL = { timeout: 90_000 }

function opened(j: Journey, key: string): WatchedPage {
  const w = j.open.get(key)
  assert.ok(w, `the ${key} page is open`)
  return w
}

export async function waitingRoom(j: Journey): Promise<void> {
  assert.ok(j.appointment)
  await j.clinic.setServerClock(j.appointment.start - 5 * 60_000)
  const patient = await patientPage(j)
  j.open.set('patient-call', patient)
  const { page } = patient
  await page.goto(`${j.clinic.url}/patient/appointments`)
  await page.getByRole('button', { name: 'Join the video call' }).click()
  await page.waitForURL(/\/patient\/consult$/)
  await explain(j, patient, 'the device check', () =>
    page.getByText('We can hear your microphone.').waitFor({ timeout: 20_000 }),
  )
  await shot(j, patient, 'device-check')
  await page.getByRole('button', { name: "I'm ready" }).click()
  const okafor = staff(j, OKAFOR)
  await explain(j, patient, 'the waiting room', () =>
    page.getByRole('heading', { name: `${okafor.displayName} will let you in` }).waitFor(LONG),
  )
  await shot(j, patient, 'waiting-room')
}

export async function admit(j: Journey): Promise<void> {
  const doctor = await staffPage(j, OKAFOR, DESKTOP)
  j.open.set('doctor-call', doctor)
  const { page } = doctor
  await page.goto(`${j.clinic.url}/clinician/today`)
  const entry = page
    .getByRole('region', { name: 'Waiting now' })
    .getByRole('listitem')
    .filter({ hasText: j.patient.name })
  await explain(j, doctor, 'the patient waiting', () => entry.getByText(/Waiting since/).waitFor(LONG))
  await shot(j, doctor, 'clinician-waiting-now')
  // A press while the list re-renders (a live update arriving) can be lost: pressed again if the
  // entry still offers it after a while (admitting twice is harmless).
  await explain(j, doctor, 'admitted', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const admitButton = entry.getByRole('button', { name: 'Admit' })
      if ((await admitButton.count()) > 0) await admitButton.click()
      const admitted = await entry
        .getByText('Let in.')
        .waitFor({ timeout: 10_000 })
        .then(() => true)
        .catch(() => false)
      if (admitted) return
    }
    await entry.getByText('Let in.').waitFor({ timeout: 1000 })
  })
  await entry.getByRole('button', { name: 'Join call' }).click()
  await page.waitForURL(/\/clinician\/consult$/)
  const patient = opened(j, 'patient-call')
  await explain(j, patient, 'the call on the phone', () =>
    patient.page.getByRole('region', { name: /video call/i }).waitFor(LONG),
  )
}

export async function encryptedCallWithNotes(j: Journey): Promise<void> {
  const doctor = opened(j, 'doctor-call')
  const patient = opened(j, 'patient-call')
  for (const w of [doctor, patient])
    await explain(j, w, 'the call encrypted', () =>
      w.page.locator('[data-encryption="encrypted"]').waitFor(CALL),
    )
  const code = async (w: WatchedPage) => {
    await w.page.locator('[data-sas-digits]').waitFor(CALL)
    return (await w.page.locator('[data-sas-digits]').textContent())?.trim() ?? ''
  }
  const doctorCode = await code(doctor)
  assert.match(doctorCode, /^\d{6}$/)
  assert.equal(await code(patient), doctorCode, 'both sides read the same verification code')
  await doctor.page.getByRole('button', { name: 'Codes match' }).click()
  await patient.page.getByRole('button', { name: 'Codes match' }).click()
  await doctor.page.getByText('You confirmed the codes match.').waitFor(LONG)
  await shot(j, patient, 'call-encrypted-phone')

  const chat = `My knee is worse at night. ${CANARY.chat}`
  await patient.page.getByLabel('Message', { exact: true }).fill(chat)
  await patient.page.getByRole('button', { name: 'Send' }).click()
  await doctor.page.getByRole('list', { name: 'Chat messages' }).getByText(chat).waitFor(LONG)

  const notes = doctor.page.getByRole('textbox', { name: 'Notes' })
  await notes.click()
  await notes.pressSequentially(`Chronic pain reviewed; intake read. ${CANARY.note}`, { delay: 2 })
  await explain(j, doctor, 'the note saved', () =>
    doctor.page.getByText(/^Saved \d{1,2}:\d{2}/).waitFor(LONG),
  )
  await shot(j, doctor, 'call-with-notes-desktop')
  assert.ok(j.appointment)
  const record = await pageApi(doctor.page, 'GET', `/api/consult/${j.appointment.id}/record`)
  const calls = record.body['calls'] as Array<{ verifications: Array<{ result: string }> }>
  assert.ok(
    calls.some((c) => c.verifications.filter((v) => v.result === 'match').length >= 1),
    'the code check is in the call record',
  )
}

const field = (w: WatchedPage, name: string) => w.page.getByRole('textbox', { name, exact: true })

export async function prescribeAndSign(j: Journey): Promise<void> {
  const doctor = opened(j, 'doctor-call')
  const { page } = doctor
  await page.getByRole('button', { name: 'Prescribe', exact: true }).click()
  await explain(j, doctor, 'the prescribe form', () => page.getByLabel('Medicine').waitFor(LONG))
  await page.getByLabel('Medicine').selectOption({ label: 'Sertraline, 50 mg' })
  await field(doctor, 'Dose amount').fill('50')
  await field(doctor, 'Dose unit').fill('mg')
  await field(doctor, 'Directions for the patient').fill(`Take one tablet each morning. ${CANARY.rx}`)
  await field(doctor, 'Quantity (tablet)').fill('28')
  await field(doctor, "Days' supply").fill('28')
  await field(doctor, 'Repeats').fill('2')
  await field(doctor, 'Days between repeats').fill('1')
  await page.getByLabel('Pharmacy').selectOption({ label: 'Riverside Pharmacy (demo)' })
  await explain(j, doctor, 'no problems found', () => page.getByText('No problems found.').waitFor(LONG))
  await page.getByRole('button', { name: 'Sign prescription' }).click()
  // A second factor older than five minutes asks for a fresh code first (S17).
  const dialog = page.getByRole('dialog', { name: /Confirm it/ })
  const signed = page.getByText('Prescription signed')
  await explain(j, doctor, 'signed or asked for a code', () => signed.or(dialog).first().waitFor(LONG))
  if (await dialog.isVisible()) {
    await dialog
      .getByLabel('Code from your authenticator app')
      .fill(await j.clinic.people.acceptableCode(staff(j, OKAFOR)))
    await dialog.getByRole('button', { name: 'Confirm' }).click()
  }
  await explain(j, doctor, 'the signed prescription', () => signed.waitFor(LONG))
  await shot(j, doctor, 'prescription-signed')

  // The note is signed (locked), then the call ends for both.
  await page.getByRole('button', { name: 'Sign note' }).click()
  const confirm = page.getByRole('alertdialog', { name: 'Sign this note?' })
  await confirm.getByRole('button', { name: 'Sign note' }).click()
  await explain(j, doctor, 'the signed note', () =>
    page.getByText(/^Signed by .+The note is locked\.$/).waitFor(LONG),
  )
  await page.getByRole('button', { name: 'End call' }).click()
  const patient = opened(j, 'patient-call')
  await explain(j, patient, 'the ended call', () =>
    patient.page.getByRole('heading', { name: 'The consultation has ended' }).waitFor(LONG),
  )
  await shot(j, patient, 'call-ended-phone')
  for (const key of ['doctor-call', 'patient-call']) {
    await opened(j, key).context.close()
    j.open.delete(key)
  }
}
