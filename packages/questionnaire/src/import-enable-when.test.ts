// Import checks for enableWhen (question, operator, answer type, options), cycles and extensions.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { EXCLUSION_FLAG_URL, ORDINAL_VALUE_URL } from './extensions.ts'
import { choice, coded, form as ok, question, refusedAt } from './test-fixtures.ts'
import { validateQuestionnaire } from './validate-questionnaire.ts'

test('enableWhen: unknown or self question, bad operator, wrong answer type, not an option', () => {
  const base = [
    choice('c', ['a', 'b']),
    question('n', 'integer'),
    { linkId: 'g', type: 'group' as const, text: 'G', item: [question('in', 'string')] },
  ]
  const withCondition = (condition: object) =>
    ok([
      ...base,
      question('t', 'string', {
        enableWhen: [{ question: 'c', operator: '=', answerCoding: coded('a') }, condition as never],
        enableBehavior: 'any',
      }),
    ])
  refusedAt(
    withCondition({ question: 'nope', operator: '=', answerBoolean: true }),
    'item[3].enableWhen[1].question',
    /linkId of an item/,
  )
  refusedAt(
    withCondition({ question: 't', operator: 'exists', answerBoolean: true }),
    'item[3].enableWhen[1].question',
    /itself/,
  )
  refusedAt(
    withCondition({ question: 'n', operator: '~', answerInteger: 1 }),
    'item[3].enableWhen[1].operator',
    /one of exists/,
  )
  refusedAt(
    withCondition({ question: 'n', operator: '=', answerString: '1' }),
    'item[3].enableWhen[1].answerString',
    /use answerInteger/,
  )
  refusedAt(
    withCondition({ question: 'c', operator: '=', answerCoding: coded('z') }),
    'item[3].enableWhen[1].answerCoding',
    /not one of the answer options of c/,
  )
  refusedAt(
    withCondition({ question: 'c', operator: '>', answerCoding: coded('a') }),
    'item[3].enableWhen[1].operator',
    /ordered type/,
  )
  refusedAt(
    withCondition({ question: 'n', operator: 'exists', answerInteger: 1 }),
    'item[3].enableWhen[1].answerInteger',
    /que-7/,
  )
  refusedAt(
    withCondition({ question: 'g', operator: 'exists', answerBoolean: true }),
    'item[3].enableWhen[1].question',
    /group item/,
  )
  refusedAt(
    withCondition({ question: 'n', operator: '=', answerInteger: 1, answerDecimal: 1 }),
    'item[3].enableWhen[1]',
    /more than one answer\[x\]/,
  )
  refusedAt(withCondition({ question: 'n', operator: '=' }), 'item[3].enableWhen[1]', /no answer\[x\]/)
})

test('several enableWhen need enableBehavior (que-12)', () => {
  const q = ok([
    question('a', 'boolean'),
    question('t', 'string', {
      enableWhen: [
        { question: 'a', operator: 'exists', answerBoolean: true },
        { question: 'a', operator: '=', answerBoolean: true },
      ],
    }),
  ])
  refusedAt(q, 'item[1].enableBehavior', /que-12/)
})

test('a deep enableWhen problem is reported at its full path', () => {
  const q = ok([
    choice('c', ['a']),
    question('x', 'string'),
    {
      linkId: 'g',
      type: 'group',
      item: [
        {
          linkId: 'h',
          type: 'group',
          item: [
            question('t', 'string', {
              enableWhen: [
                { question: 'x', operator: 'exists', answerBoolean: true },
                { question: 'c', operator: '=', answerCoding: coded('b') },
              ],
              enableBehavior: 'all',
            }),
          ],
        },
      ],
    },
  ])
  refusedAt(q, 'item[2].item[0].item[0].enableWhen[1].answerCoding', /not one of the answer options/)
})

test('dependency cycles, including an item depending on its own descendant', () => {
  const cycle = ok([
    question('a', 'string', { enableWhen: [{ question: 'b', operator: 'exists', answerBoolean: true }] }),
    question('b', 'string', { enableWhen: [{ question: 'a', operator: 'exists', answerBoolean: true }] }),
  ])
  refusedAt(cycle, 'item[0].enableWhen[0].question', /cycle/)
  const descendant = ok([
    {
      linkId: 'g',
      type: 'group',
      enableWhen: [{ question: 'in', operator: 'exists', answerBoolean: true }],
      item: [question('in', 'string')],
    },
  ])
  refusedAt(descendant, 'item[0].enableWhen[0].question', /cycle/)
  const parentAnswer = ok([
    question('p', 'boolean', {
      item: [
        question('c', 'string', { enableWhen: [{ question: 'p', operator: '=', answerBoolean: true }] }),
      ],
    }),
  ])
  assert.equal(validateQuestionnaire(parentAnswer).ok, true, 'a child may depend on its parent question')
})

test('extensions: modifier extensions refused, exclusion flag and ordinal values checked', () => {
  refusedAt(
    ok([question('a', 'string', { modifierExtension: [{ url: 'urn:x', valueBoolean: true }] })]),
    'item[0].modifierExtension',
    /not supported/,
  )
  refusedAt(
    ok([question('a', 'string', { extension: [{ url: EXCLUSION_FLAG_URL, valueCoding: { code: 'x' } }] })]),
    'item[0].extension',
    /boolean items/,
  )
  refusedAt(
    ok([question('a', 'boolean', { extension: [{ url: EXCLUSION_FLAG_URL, valueString: 'x' }] })]),
    'item[0].extension',
    /valueCoding/,
  )
  refusedAt(
    ok([
      question('c', 'choice', {
        answerOption: [
          { valueCoding: coded('a'), extension: [{ url: ORDINAL_VALUE_URL, valueString: '1' }] },
        ],
      }),
    ]),
    'item[0].answerOption[0].extension',
    /valueDecimal/,
  )
})
