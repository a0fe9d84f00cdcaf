// S42: the prescribing rules matrix. Each rule in prescribing-rules.ts is exercised here with a case
// that breaks it and one that does not; docs/hazard-log.md names these tests.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  evaluateRules,
  PRESCRIBING_RULES,
  unacknowledged,
  validUntil,
  type RuleFacts,
} from './prescribing-rules.ts'
import { numberFromWords } from './quantity-words.ts'

const SERTRALINE = {
  name: 'Sertraline',
  kind: 'licensed',
  cdSchedule: null,
  therapeuticGroup: 'ssri',
  ingredients: ['sertraline'],
} as const
const MORPHINE = {
  name: 'Morphine sulfate oral solution',
  kind: 'licensed',
  cdSchedule: 2,
  therapeuticGroup: 'opioid',
  ingredients: ['morphine'],
} as const
const FLOWER = {
  name: 'Cannabis flower',
  kind: 'cbpm',
  cdSchedule: 2,
  therapeuticGroup: 'cannabinoid',
  ingredients: ['cannabis', 'THC'],
} as const
const CODEINE = {
  name: 'Codeine phosphate',
  kind: 'licensed',
  cdSchedule: 5,
  therapeuticGroup: 'opioid',
  ingredients: ['codeine'],
} as const

function facts(over: { [K in keyof RuleFacts]?: Partial<RuleFacts[K]> | null } = {}): RuleFacts {
  return {
    prescriber: { prescriber: true, specialist: true, ...over.prescriber },
    medication: over.medication === null ? null : { ...SERTRALINE, ...over.medication },
    details: {
      dose: { value: 50, unit: 'mg' },
      doseText: 'One each morning',
      route: 'oral',
      frequency: { times: 1, period: 1, periodUnit: 'd' },
      quantity: 28,
      daysSupply: 28,
      repeats: 0,
      ...over.details,
    },
    pharmacyChosen: true,
    patient: { consent: 'done', intake: 'done', allergies: [], activeTherapies: [], ...over.patient },
  }
}
const rules = (f: RuleFacts) =>
  evaluateRules(f)
    .map((x) => x.rule)
    .sort()

test('a complete, ordinary prescription by a prescriber breaks no rule', () => {
  assert.deepEqual(rules(facts()), [])
})

test('rules matrix: each rule fires on its case and only there', () => {
  const cases: Array<[string, RuleFacts, string[]]> = [
    ['complete: a missing field', facts({ details: { daysSupply: undefined } as never }), ['complete']],
    ['complete: no medicine', facts({ medication: null }), ['complete']],
    ['prescriber-flag', facts({ prescriber: { prescriber: false } }), ['prescriber-flag']],
    [
      'cbpm-specialist',
      facts({
        prescriber: { specialist: false },
        medication: FLOWER,
        details: { quantity: 30, quantityWords: 'thirty', daysSupply: 30 },
      }),
      ['cbpm-specialist'],
    ],
    [
      'cbpm by a specialist is fine',
      facts({ medication: FLOWER, details: { quantity: 30, quantityWords: 'thirty grams', daysSupply: 30 } }),
      [],
    ],
    [
      'cd-max-30-days (Schedule 2, 31 days)',
      facts({
        medication: MORPHINE,
        details: { quantity: 300, quantityWords: 'three hundred', daysSupply: 31 },
      }),
      ['cd-max-30-days'],
    ],
    [
      'Schedule 2 at 30 days is fine',
      facts({
        medication: MORPHINE,
        details: { quantity: 300, quantityWords: 'three hundred', daysSupply: 30 },
      }),
      [],
    ],
    [
      'cd-quantity-in-words missing',
      facts({ medication: MORPHINE, details: { quantity: 300 } }),
      ['cd-quantity-in-words'],
    ],
    [
      'cd-words-match-figures',
      facts({ medication: MORPHINE, details: { quantity: 300, quantityWords: 'two hundred' } }),
      ['cd-words-match-figures'],
    ],
    [
      'cd-words-match-figures: unreadable words',
      facts({ medication: MORPHINE, details: { quantity: 300, quantityWords: 'lots' } }),
      ['cd-words-match-figures'],
    ],
    [
      'cd-no-repeats',
      facts({
        medication: MORPHINE,
        details: { quantity: 300, quantityWords: 'three hundred', repeats: 1, repeatIntervalDays: 28 },
      }),
      ['cd-no-repeats'],
    ],
    [
      'Schedule 5 needs no words and may repeat',
      facts({
        medication: CODEINE,
        details: { quantity: 56, daysSupply: 60, repeats: 2, repeatIntervalDays: 28 },
      }),
      [],
    ],
    ['repeat-interval', facts({ details: { repeats: 2 } }), ['repeat-interval']],
    ['telehealth-consent', facts({ patient: { consent: 'missing' } }), ['telehealth-consent']],
    [
      'telehealth-consent: unknown is not given',
      facts({ patient: { consent: 'unknown' } }),
      ['telehealth-consent'],
    ],
    ['intake-complete', facts({ patient: { intake: 'missing' } }), ['intake-complete']],
    [
      'duplicate-therapy',
      facts({ patient: { activeTherapies: [{ name: 'Citalopram 20 mg', therapeuticGroup: 'SSRI' }] } }),
      ['duplicate-therapy'],
    ],
    [
      'another group is no duplicate',
      facts({ patient: { activeTherapies: [{ name: 'Codeine 30 mg', therapeuticGroup: 'opioid' }] } }),
      [],
    ],
    [
      'recorded-allergy (ingredient)',
      facts({
        medication: MORPHINE,
        details: { quantity: 300, quantityWords: 'three hundred' },
        patient: { allergies: ['Morphine'] },
      }),
      ['recorded-allergy'],
    ],
    ['unrelated allergy', facts({ patient: { allergies: ['Penicillin'] } }), []],
  ]
  for (const [name, f, expected] of cases) assert.deepEqual(rules(f), expected.sort(), name)
  const covered = new Set(cases.flatMap(([, , e]) => e))
  for (const rule of PRESCRIBING_RULES) assert.ok(covered.has(rule.id), `rule ${rule.id} has a breaking case`)
})

test('errors block and warnings need acknowledging by id', () => {
  const findings = evaluateRules(
    facts({
      patient: { allergies: ['sertraline'], activeTherapies: [{ name: 'x', therapeuticGroup: 'ssri' }] },
    }),
  )
  assert.ok(findings.every((f) => f.severity === 'warning'))
  assert.deepEqual(
    unacknowledged(findings, ['recorded-allergy']).map((f) => f.rule),
    ['duplicate-therapy'],
  )
  assert.deepEqual(unacknowledged(findings, ['recorded-allergy', 'duplicate-therapy']), [])
  const blocked = evaluateRules(facts({ prescriber: { prescriber: false } }))
  assert.equal(blocked[0]!.severity, 'error')
  assert.equal(blocked[0]!.field, 'prescriber')
})

test('cd-validity-28-days: Schedule 2 valid 28 days from signing; others 180', () => {
  const signed = new Date('2026-03-02T10:00:00Z')
  assert.equal(validUntil(2, signed).toISOString(), '2026-03-30T10:00:00.000Z')
  assert.equal(validUntil(null, signed).toISOString(), '2026-08-29T10:00:00.000Z')
  assert.equal(validUntil(5, signed).toISOString(), '2026-08-29T10:00:00.000Z')
})

test('quantity in words', () => {
  const cases: Array<[string, number | null]> = [
    ['thirty', 30],
    ['Thirty (30) millilitres', 30],
    ['one hundred and twenty', 120],
    ['three hundred ml', 300],
    ['twenty-eight tablets', 28],
    ['one thousand two hundred and fifty', 1250],
    ['two point five grams', 2.5],
    ['a hundred', 100],
    ['ten', 10],
    ['lots', null],
    ['', null],
    ['point five', null],
  ]
  for (const [words, n] of cases) assert.equal(numberFromWords(words), n, words)
})
