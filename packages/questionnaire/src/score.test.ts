// Scores: ordinal sums per form and per group, PHQ-9 and GAD-7 totals with their bands.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Questionnaire, QuestionnaireResponse } from '@medplum/fhirtypes'
import { CO_VALUE_URL, ITEM_WEIGHT_URL } from './extensions.ts'
import { score } from './score.ts'
import { gad7 } from './seeds/gad-7.ts'
import { phq9 } from './seeds/phq-9.ts'
import { answered, coded, form, group, question, reply } from './test-fixtures.ts'
import { validateResponse } from './validate-response.ts'

const FREQUENCY = ['LA6568-5', 'LA6569-3', 'LA6570-1', 'LA6571-9']

/** A completed response to an instrument whose scored items get these scores (0-3 each). */
function instrumentResponse(q: Questionnaire, prefix: string, scores: number[]): QuestionnaireResponse {
  const items = scores.map((s, i) =>
    answered(`${prefix}-${i + 1}`, { valueCoding: { system: 'http://loinc.org', code: FREQUENCY[s]! } }),
  )
  return reply([group(prefix, ...items)], 'completed', `${q.url}|${q.version}`)
}

const spread = (total: number, count: number) =>
  Array.from({ length: count }, (_, i) => Math.min(3, Math.max(0, total - 3 * i)))

test('PHQ-9 totals and the severity band at every boundary', () => {
  const bands: Array<[number, string]> = [
    [0, 'minimal'],
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'moderately-severe'],
    [19, 'moderately-severe'],
    [20, 'severe'],
    [27, 'severe'],
  ]
  for (const [total, band] of bands) {
    const r = instrumentResponse(phq9, 'phq9', spread(total, 9))
    assert.deepEqual(validateResponse(phq9, r), [])
    const result = score(phq9, r)
    assert.equal(result.total, total)
    assert.equal(result.complete, true)
    assert.equal(result.instrument?.id, 'phq-9')
    assert.equal(result.instrument?.band, band, `PHQ-9 ${total}`)
    assert.deepEqual(result.groups, [{ linkId: 'phq9', total, answered: 9, scored: 9 }])
  }
})

test('GAD-7 totals and the severity band at every boundary', () => {
  const bands: Array<[number, string]> = [
    [0, 'minimal'],
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'severe'],
    [21, 'severe'],
  ]
  for (const [total, band] of bands) {
    const result = score(gad7, instrumentResponse(gad7, 'gad7', spread(total, 7)))
    assert.equal(result.total, total)
    assert.equal(result.instrument?.band, band, `GAD-7 ${total}`)
    assert.equal(result.instrument?.max, 21)
  }
})

test('an incomplete instrument has a running total but no band', () => {
  const r = instrumentResponse(phq9, 'phq9', [3, 3, 3])
  const result = score(phq9, { ...r, status: 'in-progress' })
  assert.equal(result.total, 9)
  assert.equal(result.answered, 3)
  assert.equal(result.scored, 9)
  assert.equal(result.complete, false)
  assert.equal(result.instrument?.band, undefined)
})

test('PHQ-9 item 9 above zero raises an alert whatever the total', () => {
  const low = instrumentResponse(phq9, 'phq9', [0, 0, 0, 0, 0, 0, 0, 0, 1])
  assert.deepEqual(score(phq9, low).instrument?.alerts, [{ code: 'self-harm-thoughts', linkId: 'phq9-9' }])
  assert.deepEqual(
    score(phq9, instrumentResponse(phq9, 'phq9', spread(20, 8).concat(0))).instrument?.alerts,
    [],
  )
})

test('scores come from the questionnaire, not from codings or extensions the client sends', () => {
  const r = instrumentResponse(phq9, 'phq9', spread(0, 9))
  const forged = structuredClone(r)
  const coding = forged.item![0]!.item![0]!.answer![0]!.valueCoding!
  coding.display = 'Nearly every day'
  coding.extension = [{ url: 'http://hl7.org/fhir/StructureDefinition/ordinalValue', valueDecimal: 27 }]
  assert.equal(score(phq9, forged).total, 0)
})

test('per-group sums, repeating answers, disabled items and the ordinal extension variants', () => {
  const scored = (linkId: string, url: string, extra = {}) =>
    question(linkId, 'choice', {
      answerOption: ['a', 'b', 'c'].map((c, i) => ({
        valueCoding: coded(c),
        extension: [{ url, valueDecimal: i * 2 }],
      })),
      ...extra,
    })
  const q = form([
    question('gate', 'boolean'),
    {
      linkId: 'g1',
      type: 'group',
      item: [scored('x', ITEM_WEIGHT_URL), scored('y', CO_VALUE_URL, { repeats: true })],
    },
    {
      linkId: 'g2',
      type: 'group',
      item: [
        scored('z', ITEM_WEIGHT_URL, {
          enableWhen: [{ question: 'gate', operator: '=', answerBoolean: true }],
        }),
      ],
    },
    question('free', 'string'),
  ])
  const r = reply([
    answered('gate', { valueBoolean: false }),
    group(
      'g1',
      answered('x', { valueCoding: coded('c') }),
      answered('y', { valueCoding: coded('b') }, { valueCoding: coded('c') }),
    ),
    group('g2', answered('z', { valueCoding: coded('c') })),
  ])
  const result = score(q, r)
  assert.equal(result.total, 4 + 2 + 4)
  assert.deepEqual(result.groups, [{ linkId: 'g1', total: 10, answered: 2, scored: 2 }])
  assert.equal(result.instrument, undefined)
})

test('a form without ordinal values scores nothing', () => {
  const result = score(form([question('a', 'string')]), reply([answered('a', { valueString: 'x' })]))
  assert.deepEqual(result, {
    total: 0,
    answered: 0,
    scored: 0,
    complete: false,
    groups: [],
    instrument: undefined,
  })
})
