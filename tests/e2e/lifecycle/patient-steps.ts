// The patient's first steps in the lifecycle suite, through the UI on a 360 px phone: sign up with
// a passkey (identity.test.ts), consent (consent.test.ts), the intake over two devices (intake.test.ts:
// she stops on the phone and continues on a second browser context, the passkey carried over as a
// synced passkey would be), and her summary of care from the documents page (documents.test.ts).
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { summaryPdf } from '../document-fixtures.ts'
import { DESKTOP, PHONE, type Viewport, type WatchedPage } from '../harness.ts'
import { linkIn, virtualAuthenticator } from '../identity-steps.ts'
import { pageApi } from '../seeded.ts'
import { CANARY } from './observer.ts'
import { explain, LONG, openWatched, shot, type Journey } from './journey.ts'

/** Keeps the authenticator's credential (its sign count moves with every use). */
async function keepPasskey(j: Journey, device: Awaited<ReturnType<typeof virtualAuthenticator>>) {
  const { credentials } = await device.cdp.send('WebAuthn.getCredentials', {
    authenticatorId: device.authenticatorId,
  })
  assert.equal(credentials.length, 1, 'one passkey on this device')
  j.passkey = credentials[0]
}

/** A device of the patient's: a new context whose authenticator holds her passkey; signed in with it. */
export async function patientPage(j: Journey, viewport: Viewport = PHONE): Promise<WatchedPage> {
  assert.ok(j.passkey, 'the patient has a passkey')
  const w = await openWatched(j, viewport)
  const authenticator = await virtualAuthenticator(w.context, w.page)
  await authenticator.cdp.send('WebAuthn.addCredential', {
    authenticatorId: authenticator.authenticatorId,
    credential: j.passkey,
  })
  await w.page.goto(`${j.clinic.url}/sign-in`)
  await w.page.getByRole('button', { name: 'Sign in with a passkey' }).click()
  await explain(j, w, 'the passkey sign-in', () => w.page.waitForURL(/\/patient\//, LONG))
  await keepPasskey(j, authenticator)
  return w
}

export async function registerWithPasskey(j: Journey): Promise<void> {
  const { patient, clinic } = j
  const phone = await openWatched(j, PHONE)
  const { page } = phone
  try {
    const authenticator = await virtualAuthenticator(phone.context, page)
    await page.goto(`${clinic.url}/sign-in`)
    await page.getByRole('link', { name: 'Create an account' }).click()
    await page.getByRole('heading', { name: 'Create your account' }).waitFor()
    await page.getByLabel('Email').fill(patient.email)
    await page.getByLabel('Full name').fill(patient.name)
    await page.getByLabel('Password', { exact: true }).fill(patient.password)
    await shot(j, phone, 'register')
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.getByRole('heading', { name: 'Check your email' }).waitFor()

    const verification = await clinic.mailbox.waitFor(patient.email, /confirm your email/i)
    await page.goto(linkIn(verification).href)
    await page.getByText('Your email address is confirmed').waitFor()
    await page.getByLabel('Email').fill(patient.email)
    await page.getByLabel('Password', { exact: true }).fill(patient.password)
    await page.getByRole('button', { name: /^sign in$/i }).click()
    await page.waitForURL(/\/enrol$/)
    await page.getByRole('button', { name: 'Set up a passkey' }).click()
    await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor()
    await shot(j, phone, 'passkey-recovery-codes')
    await page.getByText('I have saved my recovery codes').click()
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.waitForURL(/\/patient\/home$/)
    await page.getByRole('heading', { name: 'Home' }).waitFor()
    const session = await pageApi(page, 'GET', '/api/session')
    assert.equal(session.body['level'], 'full')
    patient.id = (session.body['account'] as { id: string }).id
    await keepPasskey(j, authenticator)
    assert.equal(j.passkey?.isResidentCredential, true, 'a discoverable credential')
    await shot(j, phone, 'patient-home')
  } finally {
    await phone.context.close()
  }
}

export async function giveConsent(j: Journey): Promise<void> {
  const phone = await patientPage(j)
  const { page } = phone
  try {
    await page.goto(`${j.clinic.url}/patient/home`)
    const prompt = page.getByRole('region', { name: 'Please review before your consultation' })
    await explain(j, phone, 'the consent prompt', () => prompt.waitFor(LONG))
    await prompt.getByRole('link', { name: 'Review consents' }).click()
    await page.waitForURL(/\/patient\/consents$/)
    for (const [region, button] of [
      [/Privacy notice/, 'I have read it'],
      [/Telehealth/, 'I agree'],
    ] as const) {
      const card = page.getByRole('region', { name: region })
      await card.getByRole('button', { name: button }).click()
      await explain(j, phone, `${button} taken`, () =>
        card.getByRole('button', { name: button }).waitFor({ state: 'detached', ...LONG }),
      )
    }
    await shot(j, phone, 'consent-given')
    const consents = await pageApi(page, 'GET', '/api/consents')
    const items = consents.body['items'] as Array<{ kind: string; state: { status: string } }>
    for (const kind of ['privacy-notice', 'telehealth'])
      assert.equal(items.find((i) => i.kind === kind)?.state.status, 'given', `${kind} given`)
  } finally {
    await phone.context.close()
  }
}

async function section(page: Page, position: number, title: string): Promise<void> {
  await page.getByText(`Section ${position} of 10`).waitFor(LONG)
  await page.getByRole('heading', { level: 2, name: title }).waitFor()
}
const group = (page: Page, name: RegExp) => page.getByRole('group', { name })
const next = (page: Page) => page.getByRole('button', { name: 'Continue' }).click()
const INTAKE_TITLE = 'Medical cannabis: eligibility questionnaire'

/** Sections 1 to 4 on the phone; she stops at section 5 (autosaved). */
export async function intakeOnPhone(j: Journey): Promise<void> {
  const phone = await patientPage(j)
  const { page } = phone
  try {
    await page.goto(`${j.clinic.url}/patient/questionnaires`)
    await page.getByRole('button', { name: `Start: ${INTAKE_TITLE}` }).click()
    await section(page, 1, 'About you')
    await group(page, /Sex registered at birth/)
      .getByLabel('Female')
      .check()
    await group(page, /pregnant/)
      .getByLabel('No')
      .check()
    await page.getByLabel(/Your weight in kilograms/).fill('61')
    await next(page)
    await section(page, 2, 'Your condition')
    await page.getByLabel(/Which condition are you seeking/).selectOption({ label: 'Chronic pain' })
    await next(page)
    await section(page, 3, 'How your symptoms affect you')
    for (const [label, value] of [
      ['Pain', '7'],
      ['Sleep problems', '5'],
      ['Low mood', '2'],
      ['Anxiety', '2'],
      ['Effect on your daily life', '7'],
    ] as const)
      await page.getByLabel(new RegExp(`^${label} \\(required\\)`)).selectOption({ label: value })
    await page.getByLabel(/Tell us how your symptoms limit/).fill(`Stairs are hard. ${CANARY.intake}`)
    await shot(j, phone, 'intake-phone-section-3')
    await next(page)
    await section(page, 4, 'Treatments you have tried')
    await page.getByLabel('Paracetamol').check()
    await group(page, /how did these treatments work/)
      .getByLabel('They did not help')
      .check()
    await next(page)
    await section(page, 5, 'Mental health')
    await page.getByText(/All changes saved at/).waitFor(LONG)
    await shot(j, phone, 'intake-phone-stopped')
  } finally {
    await phone.context.close()
  }
}

/** A second device: the form opens at section 5, her answers are there; she finishes all three forms. */
export async function intakeOnSecondDevice(j: Journey): Promise<void> {
  const desktop = await patientPage(j, DESKTOP)
  const { page } = desktop
  try {
    await page.goto(`${j.clinic.url}/patient/questionnaires`)
    await page.getByText(/In progress: \d+% answered/).waitFor(LONG)
    await page.getByRole('button', { name: `Continue: ${INTAKE_TITLE}` }).click()
    await section(page, 5, 'Mental health')
    await shot(j, desktop, 'intake-second-device-continues')
    await page.getByRole('button', { name: 'Back' }).click()
    await section(page, 4, 'Treatments you have tried')
    assert.ok(await page.getByLabel('Paracetamol').isChecked(), 'the phone’s answers are here')
    await next(page)
    await section(page, 5, 'Mental health')
    await group(page, /psychosis/)
      .getByLabel('No')
      .check()
    await next(page)
    await section(page, 6, 'Your medicines')
    await group(page, /Do you take any medicines/)
      .getByLabel('No')
      .check()
    await next(page)
    await section(page, 7, 'Allergies')
    await group(page, /Do you have any allergies/)
      .getByLabel('No')
      .check()
    await next(page)
    await section(page, 8, 'Your GP')
    await group(page, /registered with a GP/)
      .getByLabel('Yes')
      .check()
    await page.getByLabel(/^Practice name/).fill('Hillside Surgery')
    await page.getByLabel(/^Practice address/).fill('2 Hill Road, Hillside')
    await page.getByLabel(/^Practice phone number/).fill('01234 765432')
    await group(page, /May we tell your GP/)
      .getByLabel('Yes')
      .check()
    await next(page)
    await section(page, 9, 'Documents')
    await next(page)
    await section(page, 10, 'Declaration')
    await group(page, /I confirm the information/)
      .getByLabel('Yes')
      .check()
    await page.getByRole('button', { name: 'Submit answers' }).click()
    await page.getByText(`Your answers to “${INTAKE_TITLE}” were sent`).waitFor(LONG)

    // PHQ-9 and GAD-7, one section each (the clinic requires all three before prescribing).
    const scale = ['Not at all', 'Several days']
    for (const [title, count] of [
      ['Patient Health Questionnaire (PHQ-9)', 9],
      ['Generalized Anxiety Disorder 7-item scale (GAD-7)', 7],
    ] as const) {
      await page.getByRole('button', { name: `Start: ${title}` }).click()
      await page.getByRole('heading', { level: 2, name: /Over the last 2 weeks/ }).waitFor(LONG)
      const groups = page.getByRole('group')
      for (let i = 0; i < count; i++)
        await groups
          .nth(i)
          .getByLabel(scale[i === 8 ? 0 : i % 2]!, { exact: true })
          .check()
      await page.getByRole('button', { name: 'Submit answers' }).click()
      await page.getByText(`Your answers to “${title}” were sent`).waitFor(LONG)
    }
    await page
      .getByText(/Sent to the clinic on/)
      .nth(2)
      .waitFor(LONG)
    await shot(j, desktop, 'intake-submitted')
  } finally {
    await desktop.context.close()
  }
}

export const SUMMARY_FILE = `${CANARY.file}-summary-of-care.pdf`

export async function uploadSummaryOfCare(j: Journey): Promise<void> {
  const phone = await patientPage(j)
  const { page } = phone
  try {
    await page.goto(`${j.clinic.url}/patient/documents`)
    await page.getByRole('heading', { name: 'Documents', level: 1 }).waitFor(LONG)
    await page.getByLabel('What is it?').selectOption('summary-of-care')
    const chooser = page.waitForEvent('filechooser')
    await page.getByRole('button', { name: 'Choose a file' }).click()
    await (
      await chooser
    ).setFiles({ name: SUMMARY_FILE, mimeType: 'application/pdf', buffer: summaryPdf('Summary of care') })
    await explain(j, phone, 'the upload', () =>
      page.getByText(`“${SUMMARY_FILE}” is uploaded. The clinic will check it.`).waitFor(LONG),
    )
    const item = page
      .getByRole('list', { name: 'Your documents' })
      .getByRole('listitem')
      .filter({ hasText: SUMMARY_FILE })
    await item.getByText(/Received — the clinic will check it/).waitFor()
    await shot(j, phone, 'summary-uploaded')
  } finally {
    await phone.context.close()
  }
}
