// The demo clinic's consent texts and decisions (`tessera seed-demo`): version 1 of each kind,
// within the limits the admin's form enforces, and patients who already agreed to some of them.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { Value } from 'typebox/value'
import { ConsentDraftBody } from '@tessera/contracts'
import { createAccount } from '../testing/accounts.ts'
import { createTestApp, type TestApp } from '../testing/test-app.ts'
import { seedDemoConsents } from './consent-demo.ts'
import { SEED_TEXTS, seedConsentTexts } from './consent-seed-texts.ts'

let t: TestApp
before(async () => {
  t = await createTestApp()
})
after(() => t.close())

test('the seed texts are what an admin could have written (the draft schema accepts them)', () => {
  assert.deepEqual(
    SEED_TEXTS.map((s) => s.kind),
    ['privacy-notice', 'telehealth', 'gp-sharing'],
  )
  for (const text of SEED_TEXTS) {
    assert.ok(
      Value.Check(ConsentDraftBody, text),
      `${text.kind}: ${JSON.stringify([...Value.Errors(ConsentDraftBody, text)])}`,
    )
  }
})

test('version 1 of each text is published; seeded patients have agreed, others are asked', async () => {
  const admin = await createAccount(t, { role: 'admin' })
  const maria = await createAccount(t, { role: 'patient', email: 'maria.garcia@patient.example' })
  const eileen = await createAccount(t, { role: 'patient', email: 'eileen.walsh@patient.example' })
  await seedConsentTexts(t.ctx.db, admin.id, t.clock.now())
  await seedDemoConsents(t.ctx.consent, [maria, eileen])

  const list = await t.ctx.consent.texts.list()
  assert.deepEqual(
    list.kinds.map((k) => k.versions.map((v) => [v.text.version, v.text.status])),
    [[[1, 'published']], [[1, 'published']], [[1, 'published']]],
  )
  await t.ctx.consent.assertRequiredFor(maria.id, 'consultation')
  const states = await t.ctx.consent.current(maria.id)
  assert.equal(states.gpSharing.status, 'never')
  const fresh = await t.ctx.consent.forPatient(eileen.id)
  assert.ok(fresh.items.every((i) => i.needsAnswer))
  const consents = await t.ctx.db
    .selectFrom('fhir_resource')
    .select('id')
    .where('resource_type', '=', 'Consent')
    .where('patient_id', '=', maria.id)
    .execute()
  assert.equal(consents.length, 2)
})
