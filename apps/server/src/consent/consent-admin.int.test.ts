// Consent texts: only the clinic admin writes them; publishing needs a fresh second factor; a
// published version never changes (the routes refuse it, and so does the database); the list
// shows every version with how many patients accepted it.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { AdminConsentTexts, ConsentTextView } from '@tessera/contracts'
import { signIn } from '../testing/accounts.ts'
import { consentTest, type ConsentTest } from './consent-test-kit.ts'

let c: ConsentTest
before(async () => {
  c = await consentTest()
})
after(() => c.t.close())

const draftBody = {
  kind: 'telehealth',
  title: 'Consultations by video',
  body: 'We will see you by video call.',
}

test('only the admin drafts, edits, publishes or lists consent texts', async () => {
  for (const who of ['patient', 'clinician', 'reception', 'pharmacist'] as const) {
    const draft = await c.call(who, 'POST', '/api/admin/consent-texts', draftBody)
    assert.equal(draft.status, 403, `${who} drafting`)
    assert.equal((await c.call(who, 'GET', '/api/admin/consent-texts')).status, 403, `${who} listing`)
  }
  const count = await c.t.ctx.db.selectFrom('consent_text').select('id').execute()
  assert.equal(count.length, 0)
})

test('publishing needs a second factor from the last 5 minutes (S17)', async () => {
  const draft = await c.call('admin', 'POST', '/api/admin/consent-texts', draftBody)
  assert.equal(draft.status, 201, draft.body)
  const view = draft.json<ConsentTextView>()
  assert.deepEqual([view.version, view.status, view.publishedAt], [1, 'draft', null])

  c.t.clock.advance(6 * 60_000)
  const stale = await c.call('admin', 'POST', `/api/admin/consent-texts/${view.id}/publish`)
  assert.equal(stale.status, 403, stale.body)
  assert.match(stale.body, /step-up-required/)
  const row = await c.t.ctx.db.selectFrom('consent_text').select('status').where('id', '=', view.id).execute()
  assert.equal(row[0]?.status, 'draft')

  // Patients are asked nothing while it is a draft.
  assert.equal((await c.consents()).items.find((i) => i.kind === 'telehealth')?.text, null)

  c.cookie.admin = await signIn(c.t, c.people.admin)
  const ok = await c.call('admin', 'POST', `/api/admin/consent-texts/${view.id}/publish`)
  assert.equal(ok.status, 200, ok.body)
  assert.equal(ok.json<ConsentTextView>().status, 'published')
  assert.equal((await c.consents()).items.find((i) => i.kind === 'telehealth')?.text?.id, view.id)
})

test('a published version cannot be edited, discarded or published again, even in the database', async () => {
  const list = (await c.call('admin', 'GET', '/api/admin/consent-texts')).json<AdminConsentTexts>()
  const published = list.kinds.find((k) => k.kind === 'telehealth')!.versions[0]!.text
  const edit = await c.call('admin', 'PUT', `/api/admin/consent-texts/${published.id}`, {
    title: 'Changed',
    body: 'Quietly changed after people accepted it.',
  })
  assert.equal(edit.status, 409, edit.body)
  assert.equal((await c.call('admin', 'DELETE', `/api/admin/consent-texts/${published.id}`)).status, 409)
  assert.equal(
    (await c.call('admin', 'POST', `/api/admin/consent-texts/${published.id}/publish`)).status,
    409,
  )
  await assert.rejects(
    c.t.ctx.db.updateTable('consent_text').set({ body: 'tampered' }).where('id', '=', published.id).execute(),
    /cannot be changed/,
  )
  await assert.rejects(
    c.t.ctx.db.deleteFrom('consent_text').where('id', '=', published.id).execute(),
    /cannot be changed/,
  )
})

test('one draft per kind, editable until published, numbered after the newest version', async () => {
  const first = await c.call('admin', 'POST', '/api/admin/consent-texts', {
    ...draftBody,
    title: 'Consultations by video, 2026',
    body: 'Windows line endings\r\nare made plain.   \r\n',
  })
  assert.equal(first.status, 201, first.body)
  const draft = first.json<ConsentTextView>()
  assert.equal(draft.version, 2)
  assert.equal(draft.body, 'Windows line endings\nare made plain.')
  const second = await c.call('admin', 'POST', '/api/admin/consent-texts', draftBody)
  assert.equal(second.status, 409, second.body)

  const edited = await c.call('admin', 'PUT', `/api/admin/consent-texts/${draft.id}`, {
    title: 'Consultations by video (2026)',
    body: 'What changed: you can now bring someone to the call.',
  })
  assert.equal(edited.status, 200, edited.body)
  assert.equal(edited.json<ConsentTextView>().title, 'Consultations by video (2026)')
  const unknown = await c.call('admin', 'PUT', `/api/admin/consent-texts/${draft.id}`, {
    title: 'x'.repeat(10),
    body: 'y'.repeat(30),
    status: 'published',
  })
  assert.equal(unknown.status, 400)
  assert.equal((await c.call('admin', 'DELETE', `/api/admin/consent-texts/${draft.id}`)).status, 200)
  assert.equal(
    (
      await c.call('admin', 'PUT', `/api/admin/consent-texts/${draft.id}`, {
        title: 'abc',
        body: 'z'.repeat(30),
      })
    ).status,
    404,
  )
})

test('the list shows every version, newest first, with acceptances and what is in force', async () => {
  const v1 = (await c.consents()).items.find((i) => i.kind === 'telehealth')!.text!
  await c.call('patient', 'POST', '/api/consents', { textId: v1.id, answer: 'accept' })
  await c.call('otherPatient', 'POST', '/api/consents', { textId: v1.id, answer: 'accept' })
  await c.call('otherPatient', 'POST', '/api/consents/withdraw', { kind: 'telehealth' })
  const v2 = await c.publish('telehealth', 'Consultations by video (2026)')
  await c.call('patient', 'POST', '/api/consents', { textId: v2.id, answer: 'accept' })

  const list = (await c.call('admin', 'GET', '/api/admin/consent-texts')).json<AdminConsentTexts>()
  assert.deepEqual(
    list.kinds.map((k) => [k.kind, k.requiredBefore]),
    [
      ['privacy-notice', 'consultation'],
      ['telehealth', 'consultation'],
      ['gp-sharing', null],
    ],
  )
  // The decision log is append-only.
  await assert.rejects(c.t.ctx.db.deleteFrom('consent_decision').execute(), /append-only/)
  await assert.rejects(
    c.t.ctx.db.updateTable('consent_decision').set({ decision: 'given' }).execute(),
    /append-only/,
  )
  const versions = list.kinds.find((k) => k.kind === 'telehealth')!.versions
  assert.deepEqual(
    versions.map((v) => [v.text.version, v.acceptedCount, v.inForceCount, v.publishedBy]),
    [
      [2, 1, 1, 'admin tester'],
      [1, 2, 0, 'admin tester'],
    ],
  )
})
