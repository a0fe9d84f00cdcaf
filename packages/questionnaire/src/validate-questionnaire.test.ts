// Import checks: a malformed questionnaire is refused with every problem at its path.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Questionnaire, QuestionnaireItem } from '@medplum/fhirtypes'
import { choice, coded, errorsOf, form, question, refusedAt } from './test-fixtures.ts'
import { validateQuestionnaire } from './validate-questionnaire.ts'

const ok = (items: QuestionnaireItem[], extra: Partial<Questionnaire> = {}) => form(items, extra)

test('a well-formed questionnaire with every supported item type is accepted', () => {
  const q = ok(
    [
      { linkId: 'intro', type: 'display', text: 'Welcome' },
      {
        linkId: 'g',
        type: 'group',
        text: 'All types',
        item: [
          question('boolean', 'boolean', { required: true }),
          question('decimal', 'decimal', { initial: [{ valueDecimal: 1.5 }] }),
          question('integer', 'integer', {
            repeats: true,
            initial: [{ valueInteger: 1 }, { valueInteger: 2 }],
          }),
          question('date', 'date'),
          question('dateTime', 'dateTime'),
          question('time', 'time', { readOnly: true, initial: [{ valueTime: '08:00:00' }] }),
          question('string', 'string', { maxLength: 10 }),
          question('text', 'text', { maxLength: 1000 }),
          question('url', 'url'),
          choice('choice', ['a', 'b']),
          choice('open', ['a'], { type: 'open-choice', maxLength: 50 }),
          question('attachment', 'attachment'),
          question('quantity', 'quantity'),
          question('vs', 'choice', { answerValueSet: '#colours' }),
        ],
      },
    ],
    {
      contained: [
        {
          resourceType: 'ValueSet',
          id: 'colours',
          status: 'active',
          compose: { include: [{ system: 'urn:c', concept: [{ code: 'red' }] }] },
        },
      ],
    },
  )
  assert.deepEqual(validateQuestionnaire(q), { ok: true, questionnaire: q })
})

test('not an object, wrong resourceType, missing url, version and status', () => {
  refusedAt(null, 'Questionnaire', /JSON object/)
  refusedAt([], 'Questionnaire', /JSON object/)
  const bare = { resourceType: 'Patient', item: [question('a', 'string')] }
  refusedAt(bare, 'resourceType', /Questionnaire/)
  refusedAt(bare, 'url', /required/)
  refusedAt(bare, 'version', /required/)
  refusedAt(bare, 'status', /required/)
  refusedAt(ok([question('a', 'string')], { url: 'not a uri' }), 'url', /absolute URI/)
  refusedAt(ok([question('a', 'string')], { version: '1|2' }), 'version', /without "\|"/)
  refusedAt({ ...ok([]), status: 'published' }, 'status', /draft, active/)
  refusedAt(ok([]), 'item', /non-empty/)
})

test('duplicate linkIds anywhere in the tree, by path', () => {
  const q = ok([
    question('a', 'string'),
    { linkId: 'g', type: 'group', item: [question('x', 'string'), question('a', 'integer')] },
  ])
  refusedAt(q, 'item[1].item[1].linkId', /duplicates the linkId of item\[0\]/)
})

test('missing linkId, unsupported and missing types, missing text', () => {
  refusedAt(ok([{ type: 'string', text: 'x' } as unknown as QuestionnaireItem]), 'item[0].linkId', /required/)
  refusedAt(ok([question('r', 'reference')]), 'item[0].type', /supported item types/)
  refusedAt(ok([question('q', 'question')]), 'item[0].type', /supported item types/)
  refusedAt(ok([{ linkId: 'n', text: 'x' } as unknown as QuestionnaireItem]), 'item[0].type', /supported/)
  refusedAt(ok([{ linkId: 'n', type: 'string' }]), 'item[0].text', /required/)
})

test('groups need items; display items take no items, required, repeats, readOnly, code or initial', () => {
  refusedAt(ok([{ linkId: 'g', type: 'group' }]), 'item[0].item', /que-1/)
  const display: QuestionnaireItem = {
    linkId: 'd',
    type: 'display',
    text: 'x',
    required: true,
    repeats: true,
    readOnly: true,
    code: [coded('c')],
    item: [question('in', 'string')],
  }
  const q = ok([display])
  refusedAt(q, 'item[0].item', /que-1/)
  refusedAt(q, 'item[0].required', /que-6/)
  refusedAt(q, 'item[0].repeats', /que-6/)
  refusedAt(q, 'item[0].readOnly', /que-9/)
  refusedAt(q, 'item[0].code', /que-3/)
  refusedAt(
    ok([{ linkId: 'd', type: 'display', text: 'x', initial: [{ valueString: 'a' }] }]),
    'item[0].initial',
    /que-8/,
  )
})

test('maxLength only on free-text items, and positive', () => {
  refusedAt(ok([question('i', 'integer', { maxLength: 3 })]), 'item[0].maxLength', /only allowed on string/)
  refusedAt(ok([question('b', 'boolean', { maxLength: 3 })]), 'item[0].maxLength', /only allowed/)
  refusedAt(ok([question('s', 'string', { maxLength: 0 })]), 'item[0].maxLength', /positive integer/)
})

test('several problems are all reported at once, never thrown', () => {
  const errors = errorsOf({
    resourceType: 'Questionnaire',
    status: 'x',
    item: [{ linkId: 'a' }, 'junk', { linkId: 'a', type: 'group' }],
  })
  const paths = errors.map((e) => e.path)
  for (const path of [
    'url',
    'version',
    'status',
    'item[0].type',
    'item[1]',
    'item[2].linkId',
    'item[2].item',
  ])
    assert.ok(paths.includes(path), `${path} in ${paths.join(', ')}`)
  assert.doesNotThrow(() =>
    validateQuestionnaire({
      resourceType: 'Questionnaire',
      item: [{ linkId: 'a', type: 'choice', text: 'x', answerOption: 'no', enableWhen: 'no' }],
    }),
  )
})
