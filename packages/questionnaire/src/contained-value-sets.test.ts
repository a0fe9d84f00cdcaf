// Choice items whose options come from a ValueSet contained in the questionnaire (answerValueSet
// "#id"): import, the options the renderer shows, the widget, response checks, enableWhen, scores.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Questionnaire, QuestionnaireItem, ValueSet } from '@medplum/fhirtypes'
import { isEnabled } from './enable-when.ts'
import { ORDINAL_VALUE_URL } from './extensions.ts'
import { choicesOf } from './options.ts'
import { controlFor, initialAnswers } from './render.ts'
import { score } from './score.ts'
import { answered, form, question, refusedAt, reply } from './test-fixtures.ts'
import { validateQuestionnaire } from './validate-questionnaire.ts'
import { validateResponse } from './validate-response.ts'

const COLOUR = 'urn:test:colour'

function colours(codes: string[], extra: Partial<ValueSet> = {}): ValueSet {
  return {
    resourceType: 'ValueSet',
    id: 'colours',
    status: 'active',
    compose: {
      include: [{ system: COLOUR, concept: codes.map((code) => ({ code, display: `Colour ${code}` })) }],
    },
    ...extra,
  }
}

function withSet(item: QuestionnaireItem, ...sets: ValueSet[]): Questionnaire {
  return form([item], { contained: sets })
}

const colourItem = (extra: Partial<QuestionnaireItem> = {}) =>
  question('colour', 'choice', { answerValueSet: '#colours', ...extra })

const pick = (code: string, system = COLOUR) => ({ valueCoding: { system, code } })

test('a questionnaire with a contained value set imports, and its concepts are the options', () => {
  const q = withSet(colourItem(), colours(['red', 'blue']))
  assert.equal(validateQuestionnaire(q).ok, true)
  assert.deepEqual(
    choicesOf(q.item![0]!, q)?.map((c) => [c.label, c.value]),
    [
      ['Colour red', { type: 'coding', value: { system: COLOUR, code: 'red', display: 'Colour red' } }],
      ['Colour blue', { type: 'coding', value: { system: COLOUR, code: 'blue', display: 'Colour blue' } }],
    ],
  )
})

test('an expansion lists the options (nested, without abstract or inactive entries) and wins over compose', () => {
  const expanded = colours(['red'], {
    expansion: {
      timestamp: '2024-05-01T10:00:00Z',
      contains: [
        {
          system: COLOUR,
          code: 'warm',
          display: 'Warm colours',
          abstract: true,
          contains: [
            { system: COLOUR, code: 'red', display: 'Red' },
            { system: COLOUR, code: 'orange', display: 'Orange', inactive: true },
          ],
        },
        { system: COLOUR, code: 'blue', display: 'Blue' },
        { system: COLOUR, code: 'red', display: 'Red again' },
      ],
    },
  })
  const q = withSet(colourItem(), expanded)
  assert.equal(validateQuestionnaire(q).ok, true)
  assert.deepEqual(
    choicesOf(q.item![0]!, q)?.map((c) => c.label),
    ['Red', 'Blue'],
    'each concept once, in document order',
  )
})

test('compose: several includes, excluded concepts left out; what cannot be listed is refused by path', () => {
  const q = withSet(
    colourItem(),
    colours([], {
      compose: {
        include: [
          { system: COLOUR, concept: [{ code: 'red' }, { code: 'blue' }] },
          { system: 'urn:test:other', concept: [{ code: 'red' }] },
        ],
        exclude: [{ system: COLOUR, concept: [{ code: 'blue' }] }],
      },
    }),
  )
  assert.deepEqual(
    choicesOf(q.item![0]!, q)?.map(
      (c) => `${c.value.type === 'coding' ? c.value.value.system : ''}|${c.label}`,
    ),
    [`${COLOUR}|red`, 'urn:test:other|red'],
  )
  const imported = colours([], {
    compose: { include: [{ valueSet: ['http://example.org/fhir/ValueSet/colours'] }] },
  })
  refusedAt(withSet(colourItem(), imported), 'item[0].answerValueSet', /imported value sets are not expanded/)
  refusedAt(
    withSet(colourItem(), colours([], { compose: { include: [{ system: COLOUR, concept: [] }] } })),
    'item[0].answerValueSet',
    /without concepts/,
  )
  refusedAt(
    withSet(colourItem({ answerValueSet: '#other' }), colours(['red'])),
    'item[0].answerValueSet',
    /not contained/,
  )
})

test('an external value set is refused at import, by path: nothing is fetched', () => {
  refusedAt(
    withSet(colourItem({ answerValueSet: 'http://loinc.org/vs/LL358-3' }), colours(['red'])),
    'item[0].answerValueSet',
    /contained ValueSet \(#id\): value sets outside the questionnaire are never fetched/,
  )
})

test('radio for a few concepts, drop-down for many, itemControl overrides; open-choice alike', () => {
  const few = withSet(colourItem(), colours(['a', 'b', 'c']))
  assert.equal(controlFor(few.item![0]!, few), 'radio')
  const many = withSet(colourItem(), colours(['a', 'b', 'c', 'd', 'e', 'f']))
  assert.equal(controlFor(many.item![0]!, many), 'drop-down')
  const open = withSet(colourItem({ type: 'open-choice' }), colours(['a', 'b', 'c', 'd', 'e', 'f']))
  assert.equal(controlFor(open.item![0]!, open), 'drop-down')
  const repeating = withSet(colourItem({ repeats: true }), colours(['a', 'b']))
  assert.equal(controlFor(repeating.item![0]!, repeating), 'check-box')
  const control = {
    url: 'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl',
    valueCodeableConcept: {
      coding: [{ system: 'http://hl7.org/fhir/questionnaire-item-control', code: 'drop-down' }],
    },
  }
  const forced = withSet(colourItem({ extension: [control] }), colours(['a', 'b']))
  assert.equal(controlFor(forced.item![0]!, forced), 'drop-down')
})

test('responses: a concept of the set is accepted, anything else refused naming the linkId', () => {
  const q = withSet(colourItem(), colours(['red', 'blue']))
  assert.deepEqual(validateResponse(q, reply([answered('colour', pick('blue'))])), [])
  for (const wrong of [pick('green'), pick('red', 'urn:test:other'), { valueString: 'red' }]) {
    const issues = validateResponse(q, reply([answered('colour', wrong)]))
    assert.equal(issues.length, 1, JSON.stringify(issues))
    assert.equal(issues[0]!.linkId, 'colour')
  }
  const open = withSet(colourItem({ type: 'open-choice' }), colours(['red', 'blue']))
  assert.deepEqual(validateResponse(open, reply([answered('colour', pick('red'))])), [])
  assert.deepEqual(validateResponse(open, reply([answered('colour', { valueString: 'teal' })])), [])
  assert.equal(validateResponse(open, reply([answered('colour', pick('teal'))]))[0]?.linkId, 'colour')
})

test('initial values, enableWhen and scores read the contained set', () => {
  const scored = colours([], {
    compose: {
      include: [
        {
          system: COLOUR,
          concept: [0, 2].map((n) => ({
            code: `c${n}`,
            extension: [{ url: ORDINAL_VALUE_URL, valueDecimal: n }],
          })),
        },
      ],
    },
  })
  const q = form(
    [
      colourItem({ initial: [{ valueCoding: { system: COLOUR, code: 'c0' } }] }),
      question('why', 'string', {
        enableWhen: [{ question: 'colour', operator: '=', answerCoding: { system: COLOUR, code: 'c2' } }],
      }),
    ],
    { contained: [scored] },
  )
  assert.equal(validateQuestionnaire(q).ok, true)
  assert.deepEqual(initialAnswers(q), [{ linkId: 'colour', answer: [pick('c0')] }])
  const r = reply([answered('colour', pick('c2')), answered('why', { valueString: 'because' })])
  assert.deepEqual(validateResponse(q, r), [])
  assert.equal(isEnabled(q.item![1]!, r, q), true)
  assert.equal(score(q, r).total, 2)
  const outside = form(q.item!.slice(0, 1).concat(q.item![1]!), { contained: [colours(['red'])] })
  refusedAt(outside, 'item[1].enableWhen[0].answerCoding', /option/)
})
