import { test } from 'node:test'
import assert from 'node:assert/strict'
import { needsAnswer, shortfallOf, stateOf } from './consent-state.ts'

const at = new Date('2026-03-02T09:00:00Z')

test('never answered: asked when a text is published, refused until then', () => {
  assert.equal(needsAnswer(stateOf('telehealth', undefined, null)), false)
  assert.equal(shortfallOf(stateOf('telehealth', undefined, null)), 'not-published')
  const never = stateOf('telehealth', undefined, 1)
  assert.equal(needsAnswer(never), true)
  assert.equal(shortfallOf(never), 'never')
})

test('given on the current version is enough; on an older one it is asked again', () => {
  const current = stateOf('telehealth', { decision: 'given', version: 2, at }, 2)
  assert.equal(current.current, true)
  assert.equal(needsAnswer(current), false)
  assert.equal(shortfallOf(current), null)
  const old = stateOf('telehealth', { decision: 'given', version: 1, at }, 2)
  assert.equal(old.current, false)
  assert.equal(needsAnswer(old), true)
  assert.equal(shortfallOf(old), 'outdated')
  assert.equal(shortfallOf(old, { anyVersion: true }), null)
})

test('withdrawn and declined are the patient’s choice: refused, and not asked again unprompted', () => {
  for (const decision of ['withdrawn', 'declined'] as const) {
    const state = stateOf('gp-sharing', { decision, version: 1, at }, 1)
    assert.equal(state.status, decision)
    assert.equal(needsAnswer(state), false)
    assert.equal(shortfallOf(state, { anyVersion: true }), decision)
  }
})
