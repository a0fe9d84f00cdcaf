// The admin's intake settings and forms with contained value sets, against the real `tessera start`
// on the seeded demo clinic: the admin chooses the documents readiness asks for (check boxes, saved,
// still there after a reload, and what reception sees); then imports a form whose options come from
// ValueSets contained in it, and Maria answers it: a radio group for three concepts, a drop-down for
// seven. axe-core finds no serious violation on either screen.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser } from 'playwright-core'
import { assertClean, checkPage, DemoPeople } from './demo-people.ts'
import { DESKTOP, launchBrowser, openPage, PHONE, type RunningTessera } from './harness.ts'
import { pageApi, startSeededTessera } from './seeded.ts'

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

const user = (email: string) => people.user(email)

test('the admin chooses the documents patients must provide; readiness asks for those', async () => {
  const admin = await openPage(browser, server.url, DESKTOP)
  await people.signInByApi(admin.page, user('admin@clinic.example'))
  await admin.page.goto(`${server.url}/admin/forms`)
  const card = admin.page.getByRole('group', { name: 'Documents patients must provide' })
  await card.waitFor()
  const box = (name: string | RegExp) => card.getByRole('checkbox', { name })
  assert.equal(await box(/^ID/).isChecked(), true, 'the default: ID')
  assert.equal(await box('Summary of care').isChecked(), true, 'the default: summary of care')
  assert.equal(await box('Letter').isChecked(), false)

  await card.getByText(/^ID/).click()
  await card.getByText('Letter').click()
  assert.equal(await box(/^ID/).isChecked(), false)
  await admin.page.getByRole('button', { name: 'Save required documents' }).click()
  await admin.page.getByText(/Saved\. Readiness now asks for these documents/).waitFor()
  await checkPage(admin, 'intake-admin-required-documents-desktop')

  const library = await pageApi(admin.page, 'GET', '/api/intake/forms')
  assert.deepEqual(library.body['requiredDocuments'], ['summary-of-care', 'letter'])
  await admin.page.reload()
  await card.waitFor()
  assert.equal(await box(/^ID/).isChecked(), false, 'kept after a reload')
  assert.equal(await box('Letter').isChecked(), true, 'kept after a reload')
  assertClean(admin, 'admin')
  await admin.context.close()

  const reception = await openPage(browser, server.url, DESKTOP)
  await people.signInByApi(reception.page, user('reception@clinic.example'))
  const maria = user('maria.garcia@patient.example')
  const readiness = await pageApi(reception.page, 'GET', `/api/patients/${maria.id}/readiness`)
  assert.equal(readiness.status, 200, JSON.stringify(readiness.body))
  const documents = readiness.body['documents'] as { items: Array<{ category: string }> }
  assert.deepEqual(
    documents.items.map((i) => i.category),
    ['summary-of-care', 'letter'],
  )
  await reception.context.close()
})

const TRANSPORT = 'urn:test:transport'
const COUNTRY = 'urn:iso:std:iso:3166'
const TRAVEL = {
  resourceType: 'Questionnaire',
  url: 'urn:test:questionnaire:travel',
  version: '1',
  title: 'Travel to the clinic',
  status: 'active',
  contained: [
    {
      resourceType: 'ValueSet',
      id: 'vs-1',
      status: 'active',
      compose: {
        include: [
          {
            system: TRANSPORT,
            concept: [
              { code: 'car', display: 'By car' },
              { code: 'train', display: 'By train' },
              { code: 'bus', display: 'By bus' },
            ],
          },
        ],
      },
    },
    {
      resourceType: 'ValueSet',
      id: 'countries',
      status: 'active',
      expansion: {
        timestamp: '2024-05-01T10:00:00Z',
        contains: [
          ['GB', 'United Kingdom'],
          ['IE', 'Ireland'],
          ['FR', 'France'],
          ['DE', 'Germany'],
          ['ES', 'Spain'],
          ['PT', 'Portugal'],
          ['NL', 'Netherlands'],
        ].map(([code, display]) => ({ system: COUNTRY, code, display })),
      },
    },
  ],
  item: [
    {
      linkId: 'transport',
      text: 'How do you travel?',
      type: 'choice',
      required: true,
      answerValueSet: '#vs-1',
    },
    { linkId: 'country', text: 'Where do you live?', type: 'open-choice', answerValueSet: '#countries' },
  ],
}

test('a form with contained value sets: radio for a few options, a drop-down for many', async () => {
  const admin = await openPage(browser, server.url, DESKTOP)
  await people.signInByApi(admin.page, user('admin@clinic.example'))
  const imported = await pageApi(admin.page, 'POST', '/api/intake/forms', TRAVEL)
  assert.equal(imported.status, 201, JSON.stringify(imported.body))
  await admin.context.close()

  const maria = user('maria.garcia@patient.example')
  const phone = await openPage(browser, server.url, PHONE)
  await people.signInByApi(phone.page, maria)
  const opened = await pageApi(phone.page, 'POST', `/api/patients/${maria.id}/intake`, { url: TRAVEL.url })
  assert.equal(opened.status, 200, JSON.stringify(opened.body))
  await phone.page.goto(`${server.url}/patient/questionnaires`)
  await phone.page.getByRole('button', { name: /^(Start|Continue): Travel to the clinic/ }).click()

  const transport = phone.page.getByRole('group', { name: /How do you travel/ })
  await transport.waitFor()
  assert.deepEqual(await transport.getByRole('radio').evaluateAll((els) => els.length), 3)
  const country = phone.page.getByLabel(/^Where do you live/)
  assert.deepEqual((await country.locator('option').allTextContents()).slice(1), [
    'United Kingdom',
    'Ireland',
    'France',
    'Germany',
    'Spain',
    'Portugal',
    'Netherlands',
  ])
  await transport.getByLabel('By train').check()
  await country.selectOption({ label: 'Portugal' })
  await checkPage(phone, 'intake-admin-contained-value-sets-phone')
  await phone.page.getByRole('button', { name: 'Submit answers' }).click()
  await phone.page.getByText(/Your answers to “Travel to the clinic” were sent/).waitFor()

  const sent = await pageApi(
    phone.page,
    'GET',
    `/api/patients/${maria.id}/intake/${String(opened.body['responseId'])}`,
  )
  const items = (sent.body['response'] as { item: Array<{ linkId: string; answer: unknown[] }> }).item
  assert.deepEqual(
    items.map((i) => [i.linkId, i.answer]),
    [
      ['transport', [{ valueCoding: { system: TRANSPORT, code: 'train', display: 'By train' } }]],
      ['country', [{ valueCoding: { system: COUNTRY, code: 'PT', display: 'Portugal' } }]],
    ],
  )
  assertClean(phone, 'patient')
  await phone.context.close()
})
