// The server's authority on responses: required items, disabled items, versions and shape. Each
// problem is one issue naming the item by linkId.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { answered, choice, coded, form, group, question, reply } from './test-fixtures.ts'
import { validateResponse } from './validate-response.ts'

test('required: completed needs every enabled required item; in-progress does not', () => {
  const q = form([
    question('name', 'string', { required: true }),
    {
      linkId: 'g',
      type: 'group',
      item: [question('dob', 'date', { required: true }), question('opt', 'string')],
    },
    question('why', 'string', {
      required: true,
      enableWhen: [{ question: 'name', operator: 'exists', answerBoolean: true }],
    }),
  ])
  assert.deepEqual(validateResponse(q, reply([], 'in-progress')), [])
  const issues = validateResponse(q, reply([answered('name', { valueString: 'A' })], 'completed'))
  assert.deepEqual(
    issues.map((i) => [i.linkId, i.message]),
    [
      ['dob', 'is required'],
      ['why', 'is required'],
    ],
  )
  assert.deepEqual(
    validateResponse(q, reply([], 'completed')).map((i) => i.linkId),
    ['name', 'dob'],
    'why is disabled: not required',
  )
  assert.deepEqual(
    validateResponse(
      q,
      reply(
        [
          answered('name', { valueString: 'A' }),
          group('g', answered('dob', { valueDate: '1990-01-01' })),
          answered('why', { valueString: 'x' }),
        ],
        'amended',
      ),
    ),
    [],
  )
  const blank = validateResponse(q, reply([{ linkId: 'name', answer: [] }], 'completed'))
  assert.ok(blank.some((i) => i.linkId === 'name' && i.message === 'is required'))
})

test('required repeating group: at least one repetition, and required items inside each one', () => {
  const q = form([
    {
      linkId: 'med',
      type: 'group',
      repeats: true,
      required: true,
      item: [question('name', 'string', { required: true }), question('dose', 'string')],
    },
  ])
  assert.deepEqual(
    validateResponse(q, reply([])).map((i) => [i.linkId, i.message]),
    [['med', 'is required']],
  )
  const issues = validateResponse(
    q,
    reply([
      group('med', answered('name', { valueString: 'x' })),
      group('med', answered('dose', { valueString: '1 mg' })),
    ]),
  )
  assert.deepEqual(
    issues.map((i) => [i.linkId, i.path]),
    [['name', 'item[1].item']],
  )
})

test('answers to disabled items are refused, including inside a disabled group', () => {
  const q = form([
    question('smoker', 'boolean'),
    question('perDay', 'integer', {
      enableWhen: [{ question: 'smoker', operator: '=', answerBoolean: true }],
    }),
    {
      linkId: 'g',
      type: 'group',
      enableWhen: [{ question: 'smoker', operator: '=', answerBoolean: true }],
      item: [question('since', 'date')],
    },
  ])
  const r = reply([
    answered('smoker', { valueBoolean: false }),
    answered('perDay', { valueInteger: 20 }),
    group('g', answered('since', { valueDate: '2001' })),
  ])
  assert.deepEqual(
    validateResponse(q, r).map((i) => [i.linkId, i.path]),
    [
      ['perDay', 'item[1]'],
      ['since', 'item[2].item[0]'],
    ],
  )
  for (const i of validateResponse(q, r)) assert.match(i.message, /disabled/)
  const on = reply([
    answered('smoker', { valueBoolean: true }),
    answered('perDay', { valueInteger: 20 }),
    group('g', answered('since', { valueDate: '2001' })),
  ])
  assert.deepEqual(validateResponse(q, on), [])
})

test('inside a repeating group, enableWhen is judged per repetition', () => {
  const q = form([
    {
      linkId: 'med',
      type: 'group',
      repeats: true,
      item: [
        choice('kind', ['pill', 'patch']),
        question('site', 'string', {
          enableWhen: [{ question: 'kind', operator: '=', answerCoding: coded('patch') }],
        }),
      ],
    },
  ])
  const r = reply([
    group('med', answered('kind', { valueCoding: coded('patch') }), answered('site', { valueString: 'arm' })),
    group('med', answered('kind', { valueCoding: coded('pill') }), answered('site', { valueString: 'arm' })),
  ])
  assert.deepEqual(
    validateResponse(q, r).map((i) => i.path),
    ['item[1].item[1]'],
  )
})

test('the response must name this exact questionnaire version', () => {
  const q = form([question('a', 'string')])
  assert.deepEqual(validateResponse(q, reply([], 'completed', 'urn:test:questionnaire|1')), [])
  const other = validateResponse(q, reply([], 'completed', 'urn:test:questionnaire|2'))
  assert.deepEqual(
    other.map((i) => [i.linkId, i.path]),
    [['', 'questionnaire']],
  )
  assert.match(other[0]!.message, /another version/)
  assert.match(
    validateResponse(q, reply([], 'completed', 'urn:test:questionnaire'))[0]!.message,
    /another version/,
  )
  assert.match(
    validateResponse(q, reply([], 'completed', 'urn:other|1'))[0]!.message,
    /another questionnaire/,
  )
  const { questionnaire: _, ...unnamed } = reply([])
  assert.match(validateResponse(q, unnamed)[0]!.message, /must name/)
})

test('unknown linkIds, misplaced items, out-of-order items and answers nested twice', () => {
  const q = form([
    question('a', 'string'),
    { linkId: 'g', type: 'group', item: [question('in', 'string')] },
    question('p', 'boolean', { item: [question('c', 'string')] }),
  ])
  const unknown = validateResponse(q, reply([answered('zzz', { valueString: 'x' })], 'in-progress'))
  assert.deepEqual(
    unknown.map((i) => [i.linkId, i.message]),
    [['zzz', 'is not an item of this questionnaire version']],
  )
  const misplaced = validateResponse(q, reply([answered('in', { valueString: 'x' })], 'in-progress'))
  assert.match(misplaced[0]!.message, /inside g/)
  const order = validateResponse(
    q,
    reply(
      [group('g', answered('in', { valueString: 'x' })), answered('a', { valueString: 'x' })],
      'in-progress',
    ),
  )
  assert.deepEqual(
    order.map((i) => [i.linkId, i.message]),
    [['a', 'is out of order: items follow the order of the questionnaire']],
  )
  const nested = validateResponse(
    q,
    reply(
      [{ linkId: 'p', answer: [{ valueBoolean: true, item: [answered('c', { valueString: 'x' })] }] }],
      'in-progress',
    ),
  )
  assert.deepEqual(nested, [])
  const both = validateResponse(
    q,
    reply([{ linkId: 'p', item: [], answer: [{ valueBoolean: true, item: [] }] }], 'in-progress'),
  )
  assert.match(both[0]!.message, /qrs-1/)
  const deepUnknown = validateResponse(
    q,
    reply(
      [{ linkId: 'p', answer: [{ valueBoolean: true, item: [answered('x', { valueString: 'x' })] }] }],
      'in-progress',
    ),
  )
  assert.deepEqual(
    deepUnknown.map((i) => i.path),
    ['item[0].answer[0].item[0]'],
  )
})

test('an unknown status is refused', () => {
  const r = { ...reply([]), status: 'done' } as unknown as Parameters<typeof validateResponse>[1]
  assert.deepEqual(
    validateResponse(form([question('a', 'string')]), r).map((i) => i.path),
    ['status'],
  )
})

test('a malformed body is refused with an issue, never an exception', () => {
  const q = form([question('a', 'string')])
  const r = { ...reply([]), item: [{ linkId: 'a', answer: 'yes' }] } as unknown as Parameters<
    typeof validateResponse
  >[1]
  assert.ok(validateResponse(q, r).some((i) => i.path === 'QuestionnaireResponse'))
})
