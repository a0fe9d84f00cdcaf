// Rendering helpers: sections, controls, initial answers; and exclusion flags.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { exclusionFlags } from './exclusion.ts'
import { EXCLUSION_FLAG_URL, ITEM_CONTROL_SYSTEM, ITEM_CONTROL_URL } from './extensions.ts'
import { controlFor, initialAnswers, newResponse, sectionsOf } from './render.ts'
import { answered, choice, coded, form, question, reply } from './test-fixtures.ts'
import { validateResponse } from './validate-response.ts'

test('sections: one per top-level group, loose items between groups share one', () => {
  const q = form([
    { linkId: 'hello', type: 'display', text: 'Hello' },
    question('name', 'string'),
    { linkId: 'a', type: 'group', text: 'About you', item: [question('dob', 'date')] },
    { linkId: 'meds', type: 'group', repeats: true, item: [question('med', 'string')] },
    { linkId: 'b', type: 'group', text: 'More', item: [question('x', 'string')] },
  ])
  assert.deepEqual(
    sectionsOf(q).map((s) => [s.id, s.title, s.items.map((i) => i.linkId)]),
    [
      ['hello', undefined, ['hello', 'name']],
      ['a', 'About you', ['dob']],
      ['meds', undefined, ['meds']],
      ['b', 'More', ['x']],
    ],
  )
})

test('controls: radio up to 5 options, drop-down above, check boxes when repeating, itemControl wins', () => {
  const letters = (n: number) => Array.from({ length: n }, (_, i) => String.fromCharCode(97 + i))
  const control = (code: string) => [
    { url: ITEM_CONTROL_URL, valueCodeableConcept: { coding: [{ system: ITEM_CONTROL_SYSTEM, code }] } },
  ]
  assert.equal(controlFor(choice('c', letters(5))), 'radio')
  assert.equal(controlFor(choice('c', letters(6))), 'drop-down')
  assert.equal(controlFor(choice('c', letters(3), { repeats: true })), 'check-box')
  assert.equal(controlFor(choice('c', letters(3), { extension: control('drop-down') })), 'drop-down')
  assert.equal(controlFor(choice('c', letters(9), { extension: control('radio-button') })), 'radio')
  assert.equal(
    controlFor(choice('c', letters(9), { repeats: true, extension: control('check-box') })),
    'check-box',
  )
  assert.equal(controlFor(choice('c', letters(2), { extension: control('autocomplete') })), 'autocomplete')
  assert.equal(controlFor(choice('c', letters(2), { type: 'open-choice' })), 'radio')
  const vs = form([question('v', 'choice', { answerValueSet: '#v' })], {
    contained: [
      {
        resourceType: 'ValueSet',
        id: 'v',
        status: 'active',
        compose: { include: [{ system: 'urn:v', concept: [{ code: '1' }, { code: '2' }] }] },
      },
    ],
  })
  assert.equal(controlFor(vs.item![0]!, vs), 'radio')
  assert.equal(controlFor(question('d', 'date')), 'date')
  assert.equal(controlFor({ linkId: 'g', type: 'group', repeats: true }), 'repeating-group')
})

test('initial answers, nested as the questionnaire nests them, and accepted as a response', () => {
  const q = form([
    question('country', 'string', { initial: [{ valueString: 'UK' }] }),
    {
      linkId: 'g',
      type: 'group',
      item: [
        question('none', 'string'),
        choice('c', ['a', 'b'], {
          answerOption: [{ valueCoding: coded('a') }, { valueCoding: coded('b'), initialSelected: true }],
        }),
      ],
    },
    { linkId: 'empty', type: 'group', item: [question('x', 'string')] },
  ])
  assert.deepEqual(initialAnswers(q), [
    { linkId: 'country', answer: [{ valueString: 'UK' }] },
    { linkId: 'g', item: [{ linkId: 'c', answer: [{ valueCoding: coded('b') }] }] },
  ])
  const fresh = newResponse(q)
  assert.equal(fresh.questionnaire, 'urn:test:questionnaire|1')
  assert.equal(fresh.status, 'in-progress')
  assert.deepEqual(validateResponse(q, fresh), [])
})

test('exclusion flags: true on a flagged boolean, or a flagged option chosen; never from disabled items', () => {
  const flag = (code: string) => [
    { url: EXCLUSION_FLAG_URL, valueCoding: { system: 'urn:tessera:exclusion', code, display: code } },
  ]
  const q = form([
    question('adult', 'boolean'),
    question('psychosis', 'boolean', {
      extension: flag('psychosis'),
      enableWhen: [{ question: 'adult', operator: '=', answerBoolean: true }],
    }),
    question('drug', 'choice', {
      repeats: true,
      answerOption: [
        { valueCoding: coded('warfarin'), extension: flag('anticoagulant') },
        { valueCoding: coded('none') },
      ],
    }),
  ])
  const flags = (adult: boolean, psychosis: boolean, drug: string) =>
    exclusionFlags(
      q,
      reply([
        answered('adult', { valueBoolean: adult }),
        answered('psychosis', { valueBoolean: psychosis }),
        answered('drug', { valueCoding: coded(drug) }),
      ]),
    ).map((f) => f.code)
  assert.deepEqual(flags(true, true, 'warfarin'), ['psychosis', 'anticoagulant'])
  assert.deepEqual(flags(true, false, 'none'), [])
  assert.deepEqual(flags(false, true, 'none'), [], 'a disabled item raises nothing')
})
