// Scope narrowing and its plain words, as pure functions.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { grantableScopes, hasPatientContext, isKnownScope } from './scope-grant.ts'
import { describeScope } from './scope-words.ts'

const ALL = ['patient/*.cruds', 'user/*.cruds', 'openid', 'fhirUser', 'launch/patient', 'offline_access']

test('v1 scopes are read as v2 and answered in v2 form', () => {
  assert.deepEqual(grantableScopes(['patient/*.read'], ALL, 'patient'), ['patient/*.rs'])
  assert.deepEqual(grantableScopes(['patient/Observation.read'], ALL, 'patient'), ['patient/Observation.rs'])
})

test('interactions are cut to what the role may do on each type', () => {
  // Patients may write questionnaire answers, never observations.
  const granted = grantableScopes(
    ['patient/QuestionnaireResponse.cru', 'patient/Observation.cud'],
    ALL,
    'patient',
  )
  assert.deepEqual(granted, ['patient/QuestionnaireResponse.cru'])
})

test('a staff wildcard the role cannot fully honour is spelled out', () => {
  const admin = grantableScopes(['user/*.rs'], ALL, 'admin')
  assert.ok(admin.includes('user/Practitioner.rs'))
  assert.ok(!admin.includes('user/Patient.rs'))
  assert.deepEqual(grantableScopes(['user/*.rs'], ALL, 'clinician'), ['user/*.rs'])
})

test('what the app was allowed bounds what it gets', () => {
  assert.deepEqual(
    grantableScopes(['patient/*.rs', 'offline_access'], ['patient/Observation.r'], 'patient'),
    ['patient/Observation.r'],
  )
  assert.deepEqual(grantableScopes(['openid', 'profile', 'system/*.rs'], ALL, 'patient'), ['openid'])
})

test('patient context and known scopes', () => {
  assert.equal(hasPatientContext(['patient/Observation.rs']), true)
  assert.equal(hasPatientContext(['launch/patient']), true)
  assert.equal(hasPatientContext(['user/*.rs', 'openid']), false)
  assert.equal(isKnownScope('patient/Unicorn.rs'), false)
  assert.equal(isKnownScope('system/*.rs'), false)
  assert.equal(isKnownScope('user/Observation.cruds'), true)
})

test('scopes in plain words', () => {
  assert.equal(describeScope('patient/*.rs'), 'Read your whole record')
  assert.equal(describeScope('patient/Observation.rs'), 'Read your test results and measurements')
  assert.equal(describeScope('patient/QuestionnaireResponse.cru'), 'Read, add and change your form answers')
  assert.equal(describeScope('user/*.rs'), 'Read everything you can see in Tessera, as you')
})
