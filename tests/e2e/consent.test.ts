// Versioned consent, end to end against the real `tessera start` on a seeded demo clinic: the
// admin publishes a new telehealth text; Maria (who agreed to version 1), on a 360 px phone, is
// asked again at sign-in, agrees, then withdraws it in her privacy centre and sees it withdrawn at once.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Page } from 'playwright-core'
import type { PatientConsents } from '@tessera/contracts'
import { DESKTOP, launchBrowser, openPage, PHONE, screenshot, type RunningTessera } from './harness.ts'
import { pageApi, startSeededTessera } from './seeded.ts'
import { assertClean, checkPage, DemoPeople } from './demo-people.ts'

let server: RunningTessera
let browser: Browser
let people: DemoPeople

before(async () => {
  const seeded = await startSeededTessera()
  server = seeded.server
  people = new DemoPeople(seeded.users, () => server.url)
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

async function telehealthOf(page: Page) {
  const answer = await pageApi(page, 'GET', '/api/consents')
  assert.equal(answer.status, 200, JSON.stringify(answer.body))
  const items = (answer.body as unknown as PatientConsents).items
  return items.find((i) => i.kind === 'telehealth')!
}

const NEW_TEXT = [
  'Your consultations with us happen by video, from wherever you are.',
  '',
  '## What changed',
  '- You can now **bring someone** you trust to the call.',
  '- Tell us at the start if someone is with you.',
  '',
  'Typed markup stays text: <b>not bold</b>.',
].join('\n')

test('the admin publishes telehealth version 2; Maria agrees on her phone, then withdraws it', async () => {
  const admin = await openPage(browser, server.url, DESKTOP)
  try {
    const { page } = admin
    await people.signInByApi(page, people.user('admin@clinic.example'))
    await page.goto(`${server.url}/admin/consents`)
    await page.getByRole('heading', { name: 'Consent texts', level: 1 }).waitFor()
    const card = page.getByRole('region', { name: 'Telehealth consent' })
    await card.getByText('Accepted by 2 patients; in force for 2 patients.').first().waitFor()
    await card.getByRole('button', { name: /^New version/ }).click()
    await card.getByLabel('Title').fill('Consultations by video (2026)')
    await card.getByRole('textbox', { name: 'Text' }).fill(NEW_TEXT)
    await card.getByRole('button', { name: 'Save draft' }).click()
    await card.getByText('Draft version 2 is saved').waitFor()
    await checkPage(admin, 'consent-admin-draft-desktop')

    await card.getByRole('button', { name: 'Publish version 2' }).click()
    const dialog = page.getByRole('alertdialog', { name: 'Publish version 2?' })
    await dialog.waitFor()
    await dialog.getByRole('button', { name: 'Publish' }).click()
    await card.getByText('Version 2 is published').waitFor()
    await card.getByText('Version 2: Consultations by video (2026)').first().waitFor()
    await checkPage(admin, 'consent-admin-published-desktop')
    await page.setViewportSize({ width: PHONE.width, height: PHONE.height })
    await checkPage(admin, 'consent-admin-published-phone')
    assertClean(admin, 'admin consent texts')
  } finally {
    await admin.context.close()
  }

  const maria = await openPage(browser, server.url, PHONE)
  try {
    const { page } = maria
    await people.signInByForm(page, people.user('maria.garcia@patient.example'))
    await page.waitForURL(/\/patient\/home$/)
    const prompt = page.getByRole('region', { name: 'Please review before your consultation' })
    await prompt.waitFor()
    const promptText = await prompt.innerText()
    assert.match(promptText, /Telehealth consent\s+Updated since you agreed/)
    assert.match(promptText, /Sharing with your GP\s+Not answered yet/)
    assert.doesNotMatch(promptText, /Privacy notice/, 'version 1 of the privacy notice is still current')
    await checkPage(maria, 'consent-patient-home-prompt-phone')

    await prompt.getByRole('link', { name: 'Review consents' }).click()
    await page.waitForURL(/\/patient\/consents$/)
    const card = page.getByRole('region', { name: 'Telehealth consent' })
    await card.getByText('This text has changed').waitFor()
    await card.getByText('Typed markup stays text: <b>not bold</b>.').waitFor()
    assert.equal(await card.locator('b').count(), 0, 'no markup from the text reaches the page')
    assert.equal(await card.locator('strong', { hasText: 'bring someone' }).count(), 1)
    await card.getByRole('heading', { name: 'What changed', level: 4 }).waitFor()
    await checkPage(maria, 'consent-patient-consents-phone')

    await card.getByRole('button', { name: 'I agree' }).click()
    await page.getByText('Thank you. You agreed to “Consultations by video (2026)” (version 2).').waitFor()
    await card.getByText('Agreed', { exact: true }).waitFor()
    const agreed = await telehealthOf(page)
    assert.deepEqual([agreed.state.status, agreed.state.version, agreed.state.current], ['given', 2, true])
    await checkPage(maria, 'consent-patient-consents-agreed-phone')

    await card.getByRole('link', { name: 'Privacy page' }).click()
    await page.waitForURL(/\/patient\/privacy$/)
    const section = page.getByRole('region', { name: 'My consents' })
    const item = section.getByRole('listitem').filter({ hasText: 'Telehealth consent' })
    await item.getByText('You agreed to version 2').waitFor()
    await item.getByRole('button', { name: 'Withdraw Telehealth consent' }).click()
    const confirm = page.getByRole('alertdialog', { name: 'Withdraw: Telehealth consent?' })
    await confirm
      .getByText('You will not be able to join video consultations until you agree again.')
      .waitFor()
    await screenshot(page, 'consent-patient-withdraw-dialog-phone')
    await confirm.getByRole('button', { name: 'Withdraw' }).click()
    await section.getByText('Telehealth consent: withdrawn. This applies straight away.').waitFor()
    await item.getByText('Withdrawn', { exact: true }).waitFor()
    await item.getByRole('link', { name: 'Agree again Telehealth consent' }).waitFor()
    assert.equal((await telehealthOf(page)).state.status, 'withdrawn', 'withdrawn at once')
    await checkPage(maria, 'consent-patient-privacy-withdrawn-phone')

    // Home says what the withdrawal means until she agrees again.
    await page.goto(`${server.url}/patient/home`)
    await page
      .getByText('You withdrew it. You cannot join video consultations until you agree again.')
      .waitFor()
    assertClean(maria, 'patient consent pages')
  } finally {
    await maria.context.close()
  }
})
