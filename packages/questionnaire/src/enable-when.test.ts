// enableWhen beyond single comparisons: any/all, ancestors, repeating groups (nearest answer in
// context), disabled questions counting as unanswered, and the list helpers built on them.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { enabledItems, enabledLinkIds, isEnabled, pruneDisabled } from './enable-when.ts'
import { answered, coded, form, group, question, reply } from './test-fixtures.ts'

const yes = { valueBoolean: true }
const no = { valueBoolean: false }

test('enableBehavior all needs every condition, any needs one', () => {
  const conditions = [
    { question: 'a', operator: '=' as const, answerBoolean: true },
    { question: 'b', operator: '=' as const, answerBoolean: true },
  ]
  const all = question('t', 'string', { enableWhen: conditions, enableBehavior: 'all' })
  const any = question('u', 'string', { enableWhen: conditions, enableBehavior: 'any' })
  const q = form([question('a', 'boolean'), question('b', 'boolean'), all, any])
  const cases: Array<[boolean, boolean, boolean, boolean]> = [
    [true, true, true, true],
    [true, false, false, true],
    [false, true, false, true],
    [false, false, false, false],
  ]
  for (const [a, b, wantAll, wantAny] of cases) {
    const r = reply([answered('a', { valueBoolean: a }), answered('b', { valueBoolean: b })])
    assert.equal(isEnabled(all, r, q), wantAll, `all with ${a},${b}`)
    assert.equal(isEnabled(any, r, q), wantAny, `any with ${a},${b}`)
  }
})

test('a disabled group disables everything inside it, whatever their own conditions', () => {
  const inner = question('inner', 'string')
  const innerAlways = question('inner2', 'string', {
    enableWhen: [{ question: 'gate', operator: 'exists', answerBoolean: true }],
  })
  const q = form([
    question('gate', 'boolean'),
    {
      linkId: 'g',
      type: 'group',
      enableWhen: [{ question: 'gate', operator: '=', answerBoolean: true }],
      item: [{ linkId: 'sub', type: 'group', item: [inner, innerAlways] }],
    },
  ])
  assert.equal(isEnabled(inner, reply([answered('gate', no)]), q), false)
  assert.equal(isEnabled(innerAlways, reply([answered('gate', no)]), q), false)
  assert.equal(isEnabled(inner, reply([answered('gate', yes)]), q), true)
  assert.deepEqual([...enabledLinkIds(q, reply([answered('gate', no)]))], ['gate'])
})

test('a question that is itself disabled counts as unanswered, even if the response carries its answer', () => {
  const q = form([
    question('a', 'boolean'),
    question('b', 'boolean', { enableWhen: [{ question: 'a', operator: '=', answerBoolean: true }] }),
    question('c', 'string', { enableWhen: [{ question: 'b', operator: 'exists', answerBoolean: true }] }),
  ])
  const c = q.item![2]!
  assert.equal(isEnabled(c, reply([answered('a', yes), answered('b', no)]), q), true)
  assert.equal(isEnabled(c, reply([answered('a', no), answered('b', no)]), q), false)
})

test('children of a question follow the answer of that question (nested under answer)', () => {
  const follow = question('why', 'string', {
    enableWhen: [{ question: 'smoke', operator: '=', answerBoolean: true }],
  })
  const q = form([question('smoke', 'boolean', { item: [follow] })])
  const r = reply([
    { linkId: 'smoke', answer: [{ valueBoolean: true, item: [answered('why', { valueString: 'x' })] }] },
  ])
  assert.equal(isEnabled(follow, r, q), true)
  assert.equal(isEnabled(follow, reply([answered('smoke', no)]), q), false)
})

// Medicines: a repeating group whose "reason" question is enabled by the same instance's answer.
const medicines = form([
  {
    linkId: 'med',
    type: 'group',
    repeats: true,
    item: [
      question('kind', 'choice', { answerOption: ['pill', 'patch'].map((c) => ({ valueCoding: coded(c) })) }),
      question('site', 'string', {
        enableWhen: [{ question: 'kind', operator: '=', answerCoding: coded('patch') }],
      }),
    ],
  },
  question('patch-warning', 'display', {
    enableWhen: [{ question: 'kind', operator: '=', answerCoding: coded('patch') }],
  }),
])
const [medGroup, warning] = medicines.item!
const site = medGroup!.item![1]!
const pill = group('med', answered('kind', { valueCoding: coded('pill') }))
const patch = group('med', answered('kind', { valueCoding: coded('patch') }))

test('inside a repeating group, a condition reads the answer of the same repetition', () => {
  const r = reply([pill, patch], 'in-progress')
  assert.equal(isEnabled(site, r, medicines, [pill]), false)
  assert.equal(isEnabled(site, r, medicines, [patch]), true)
  const found = enabledItems(medicines, r).filter((e) => e.item.linkId === 'site')
  assert.equal(found.length, 1)
  assert.equal(found[0]!.context[0], patch)
})

test('outside a repeating group, a condition holds when any repetition satisfies it', () => {
  assert.equal(isEnabled(warning!, reply([pill, patch]), medicines), true)
  assert.equal(isEnabled(warning!, reply([pill]), medicines), false)
  assert.equal(isEnabled(warning!, reply([]), medicines), false)
})

test('without a context, the first repetition is used', () => {
  assert.equal(isEnabled(site, reply([pill, patch]), medicines), false)
  assert.equal(isEnabled(site, reply([patch, pill]), medicines), true)
})

test('a repeating group nested in a repeating group reads the innermost scope first', () => {
  const q = form([
    question('flag', 'boolean'),
    {
      linkId: 'outer',
      type: 'group',
      repeats: true,
      item: [
        question('flag', 'boolean'),
        {
          linkId: 'inner',
          type: 'group',
          repeats: true,
          item: [
            question('x', 'string', {
              enableWhen: [{ question: 'flag', operator: '=', answerBoolean: true }],
            }),
          ],
        },
      ],
    },
  ])
  // Duplicate linkIds are refused at import; this only checks that the nearest scope wins.
  const x = q.item![1]!.item![1]!.item![0]!
  const innerGroup = group('inner')
  const first = group('outer', answered('flag', yes), innerGroup)
  const r = reply([answered('flag', no), first])
  assert.equal(isEnabled(x, r, q, [first, innerGroup]), true)
})

test('pruneDisabled drops answers of items disabled by later changes, and nothing else', () => {
  const q = form([
    question('a', 'boolean'),
    question('b', 'string', { enableWhen: [{ question: 'a', operator: '=', answerBoolean: true }] }),
    question('c', 'string'),
  ])
  const r = reply([
    answered('a', no),
    answered('b', { valueString: 'old' }),
    answered('c', { valueString: 'keep' }),
  ])
  assert.deepEqual(
    pruneDisabled(q, r).item?.map((i) => i.linkId),
    ['a', 'c'],
  )
  assert.equal(r.item?.length, 3, 'the input is not changed')
})

test('a dependency cycle (refused at import) evaluates as disabled instead of looping', () => {
  const q = form([
    question('a', 'string', { enableWhen: [{ question: 'b', operator: 'exists', answerBoolean: false }] }),
    question('b', 'string', { enableWhen: [{ question: 'a', operator: 'exists', answerBoolean: false }] }),
  ])
  const r = reply([answered('a', { valueString: 'x' }), answered('b', { valueString: 'y' })])
  assert.equal(typeof isEnabled(q.item![0]!, r, q), 'boolean')
  assert.equal(typeof isEnabled(q.item![1]!, r, q), 'boolean')
})
