// The seed questionnaires import cleanly and behave as the intake journey needs.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { QuestionnaireResponseItem } from '@medplum/fhirtypes'
import { isEnabled } from './enable-when.ts'
import { exclusionFlags } from './exclusion.ts'
import { controlFor, sectionsOf } from './render.ts'
import { score } from './score.ts'
import { cannabisIntake } from './seeds/cannabis-intake.ts'
import { SEED_QUESTIONNAIRES } from './seeds/index.ts'
import { answered, group, reply } from './test-fixtures.ts'
import { validateQuestionnaire } from './validate-questionnaire.ts'
import { validateResponse } from './validate-response.ts'

const C = 'urn:tessera:codes:cannabis-condition'
const T = 'urn:tessera:codes:treatment'
const O = 'urn:tessera:codes:treatment-outcome'
const G = 'http://hl7.org/fhir/administrative-gender'
const canonical = `${cannabisIntake.url}|${cannabisIntake.version}`

test('every seed passes validateQuestionnaire, with url, version 1 and status active', () => {
  for (const seed of SEED_QUESTIONNAIRES) {
    const result = validateQuestionnaire(seed)
    assert.deepEqual(result.ok ? [] : result.errors, [], seed.url)
    assert.equal(seed.version, '1')
    assert.equal(seed.status, 'active')
    assert.match(seed.url ?? '', /^urn:tessera:questionnaire:/)
  }
  assert.equal(new Set(SEED_QUESTIONNAIRES.map((s) => s.url)).size, SEED_QUESTIONNAIRES.length)
})

type Answers = Record<string, QuestionnaireResponseItem[]>

/** A completed intake: sections keyed by group linkId, replaced where a test needs to. */
function intake(overrides: Answers = {}) {
  const sections: Answers = {
    about: [
      answered('sex', { valueCoding: { system: G, code: 'female' } }),
      answered('pregnancy', { valueBoolean: false }),
    ],
    condition: [answered('condition-primary', { valueCoding: { system: C, code: 'chronic-pain' } })],
    severity: ['pain', 'sleep', 'mood', 'anxiety', 'daily-life'].map((s, i) =>
      answered(`severity-${s}`, { valueInteger: i + 2 }),
    ),
    treatments: [
      answered(
        'treatments-tried',
        { valueCoding: { system: T, code: 'paracetamol' } },
        { valueString: 'acupuncture' },
      ),
      answered('treatments-outcome', { valueCoding: { system: O, code: 'no-benefit' } }),
    ],
    'mental-health': [answered('psychosis-history', { valueBoolean: false })],
    medicines: [
      answered('takes-medicines', { valueBoolean: true }),
      group(
        'medicine',
        answered('medicine-name', { valueString: 'Sertraline' }),
        answered('medicine-dose', { valueString: '50 mg daily' }),
      ),
      group('medicine', answered('medicine-name', { valueString: 'Omeprazole' })),
    ],
    allergies: [answered('has-allergies', { valueBoolean: false })],
    gp: [
      answered('has-gp', { valueBoolean: true }),
      group(
        'gp-details',
        answered('gp-practice', { valueString: 'High Street Surgery' }),
        answered('gp-address', { valueString: '1 High Street' }),
        answered('gp-phone', { valueString: '01234 567890' }),
        answered('gp-consent', { valueBoolean: true }),
      ),
    ],
    documents: [
      answered('summary-of-care', { valueAttachment: { url: 'Binary/abc', contentType: 'application/pdf' } }),
    ],
    declaration: [answered('declaration-accurate', { valueBoolean: true })],
    ...overrides,
  }
  return reply(
    Object.entries(sections).map(([id, items]) => group(id, ...items)),
    'completed',
    canonical,
  )
}

test('a complete intake is accepted, scores its symptoms, and raises no flag', () => {
  const r = intake()
  assert.deepEqual(validateResponse(cannabisIntake, r), [])
  assert.deepEqual(exclusionFlags(cannabisIntake, r), [])
  const result = score(cannabisIntake, r)
  assert.deepEqual(result.groups, [{ linkId: 'severity', total: 2 + 3 + 4 + 5 + 6, answered: 5, scored: 5 }])
  assert.equal(result.instrument, undefined)
})

test('pregnancy is asked unless the sex registered at birth is male', () => {
  const pregnancy = cannabisIntake.item![0]!.item![1]!
  const withSex = (code: string) => intake({ about: [answered('sex', { valueCoding: { system: G, code } })] })
  assert.equal(isEnabled(pregnancy, withSex('male'), cannabisIntake), false)
  assert.equal(isEnabled(pregnancy, withSex('female'), cannabisIntake), true)
  assert.equal(isEnabled(pregnancy, withSex('unknown'), cannabisIntake), true)
  assert.deepEqual(validateResponse(cannabisIntake, withSex('male')), [])
  assert.deepEqual(
    validateResponse(cannabisIntake, withSex('female')).map((i) => i.linkId),
    ['pregnancy'],
  )
})

test('psychosis and pregnancy raise exclusion flags', () => {
  const r = intake({
    about: [
      answered('sex', { valueCoding: { system: G, code: 'female' } }),
      answered('pregnancy', { valueBoolean: true }),
    ],
    'mental-health': [
      answered('psychosis-history', { valueBoolean: true }),
      answered('psychosis-details', { valueString: '2019' }),
    ],
  })
  assert.deepEqual(validateResponse(cannabisIntake, r), [])
  assert.deepEqual(
    exclusionFlags(cannabisIntake, r).map((f) => [f.linkId, f.code]),
    [
      ['pregnancy', 'pregnancy-or-breastfeeding'],
      ['psychosis-history', 'psychosis'],
    ],
  )
})

test('follow-ups: other condition, opioid effects and high daily impact are asked when they apply', () => {
  const r = intake({
    condition: [answered('condition-primary', { valueCoding: { system: C, code: 'other' } })],
    treatments: [answered('treatments-tried', { valueCoding: { system: T, code: 'opioid' } })],
    severity: ['pain', 'sleep', 'mood', 'anxiety', 'daily-life'].map((s) =>
      answered(`severity-${s}`, { valueInteger: 8 }),
    ),
  })
  assert.deepEqual(
    validateResponse(cannabisIntake, r)
      .map((i) => i.linkId)
      .sort(),
    ['condition-other', 'treatments-outcome'],
  )
  const opioid = cannabisIntake.item![3]!.item![1]!
  const impact = cannabisIntake.item![2]!.item![6]!
  assert.equal(isEnabled(opioid, r, cannabisIntake), true)
  assert.equal(isEnabled(impact, r, cannabisIntake), true)
  assert.equal(isEnabled(opioid, intake(), cannabisIntake), false)
  assert.equal(isEnabled(impact, intake(), cannabisIntake), false)
})

test('medicines: at least one when the patient takes some, a name in each; none when they do not', () => {
  const none = intake({ medicines: [answered('takes-medicines', { valueBoolean: true })] })
  assert.deepEqual(
    validateResponse(cannabisIntake, none).map((i) => [i.linkId, i.message]),
    [['medicine', 'is required']],
  )
  const nameless = intake({
    medicines: [
      answered('takes-medicines', { valueBoolean: true }),
      group('medicine', answered('medicine-dose', { valueString: '5 mg' })),
    ],
  })
  assert.deepEqual(
    validateResponse(cannabisIntake, nameless).map((i) => i.linkId),
    ['medicine-name'],
  )
  const stale = intake({
    medicines: [
      answered('takes-medicines', { valueBoolean: false }),
      group('medicine', answered('medicine-name', { valueString: 'x' })),
    ],
  })
  assert.deepEqual(
    validateResponse(cannabisIntake, stale).map((i) => i.linkId),
    ['medicine-name'],
  )
})

test('GP details are required only for patients with a GP; attachments must point at the vault', () => {
  assert.deepEqual(
    validateResponse(cannabisIntake, intake({ gp: [answered('has-gp', { valueBoolean: false })] })),
    [],
  )
  const missing = intake({ gp: [answered('has-gp', { valueBoolean: true })] })
  assert.deepEqual(
    validateResponse(cannabisIntake, missing).map((i) => i.linkId),
    ['gp-practice', 'gp-address', 'gp-phone', 'gp-consent'],
  )
  const inline = intake({
    documents: [
      answered('summary-of-care', { valueAttachment: { data: 'JVBERi0=', contentType: 'application/pdf' } }),
    ],
  })
  assert.match(validateResponse(cannabisIntake, inline)[0]!.message, /vault/)
})

test('the intake renders one section per group, treatments as check boxes', () => {
  assert.deepEqual(
    sectionsOf(cannabisIntake).map((s) => s.id),
    [
      'about',
      'condition',
      'severity',
      'treatments',
      'mental-health',
      'medicines',
      'allergies',
      'gp',
      'documents',
      'declaration',
    ],
  )
  assert.equal(controlFor(cannabisIntake.item![3]!.item![0]!), 'check-box')
  assert.equal(controlFor(cannabisIntake.item![0]!.item![0]!), 'radio')
  assert.equal(controlFor(cannabisIntake.item![1]!.item![0]!), 'drop-down')
})
