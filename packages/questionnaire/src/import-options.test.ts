// Import checks for answer options (answerOption, contained value sets) and initial values.
import { test } from 'node:test'
import { choice, coded, form as ok, question, refusedAt } from './test-fixtures.ts'

test('choice items need resolvable options', () => {
  refusedAt(ok([question('c', 'choice')]), 'item[0]', /answerOption or an answerValueSet/)
  refusedAt(ok([question('c', 'choice', { answerOption: [] })]), 'item[0].answerOption', /non-empty/)
  refusedAt(
    ok([question('c', 'choice', { answerOption: [{}] })]),
    'item[0].answerOption[0]',
    /has no value\[x\]/,
  )
  refusedAt(ok([choice('c', ['a', 'b', 'a'])]), 'item[0].answerOption[2]', /duplicates answerOption\[0\]/)
  refusedAt(
    ok([question('c', 'choice', { answerOption: [{ valueCoding: coded('a') }, { valueString: 'b' }] })]),
    'item[0].answerOption',
    /mixes value types/,
  )
  refusedAt(ok([choice('c', ['a'], { answerValueSet: '#vs' })]), 'item[0].answerValueSet', /que-4/)
  refusedAt(
    ok([question('c', 'choice', { answerValueSet: 'http://loinc.org/vs/LL358-3' })]),
    'item[0].answerValueSet',
    /contained ValueSet/,
  )
  refusedAt(
    ok([question('c', 'choice', { answerValueSet: '#missing' })]),
    'item[0].answerValueSet',
    /not contained/,
  )
  const filtered = ok([question('c', 'choice', { answerValueSet: '#f' })], {
    contained: [
      {
        resourceType: 'ValueSet',
        id: 'f',
        status: 'active',
        compose: { include: [{ system: 'urn:s', filter: [{ property: 'p', op: '=', value: 'v' }] }] },
      },
    ],
  })
  refusedAt(filtered, 'item[0].answerValueSet', /filters/)
  refusedAt(
    ok([question('s', 'string', { answerOption: [{ valueString: 'a' }] })]),
    'item[0].answerOption',
    /only allowed on choice/,
  )
  refusedAt(ok([question('s', 'string', { answerValueSet: '#x' })]), 'item[0].answerValueSet', /que-5/)
  refusedAt(
    ok([
      choice('c', ['a', 'b'], {
        answerOption: [
          { valueCoding: coded('a'), initialSelected: true },
          { valueCoding: coded('b'), initialSelected: true },
        ],
      }),
    ]),
    'item[0].answerOption',
    /initialSelected/,
  )
})

test('initial values: type, count, and not with answerOption', () => {
  refusedAt(
    ok([question('b', 'boolean', { initial: [{ valueString: 'yes' }] })]),
    'item[0].initial[0].valueString',
    /valueBoolean/,
  )
  refusedAt(
    ok([question('i', 'integer', { initial: [{ valueInteger: 1 }, { valueInteger: 2 }] })]),
    'item[0].initial',
    /que-13/,
  )
  refusedAt(ok([choice('c', ['a'], { initial: [{ valueCoding: coded('a') }] })]), 'item[0].initial', /que-11/)
  refusedAt(
    ok([question('s', 'string', { maxLength: 2, initial: [{ valueString: 'long' }] })]),
    'item[0].initial[0].valueString',
    /longer/,
  )
  refusedAt(
    ok([question('d', 'date', { initial: [{ valueDate: '15/03/2024' }] })]),
    'item[0].initial[0]',
    /valueDate must be a date/,
  )
  refusedAt(
    ok(
      [
        question('c', 'choice', {
          answerValueSet: '#vs',
          initial: [{ valueCoding: coded('blue', 'urn:c') }],
        }),
      ],
      {
        contained: [
          {
            resourceType: 'ValueSet',
            id: 'vs',
            status: 'active',
            compose: { include: [{ system: 'urn:c', concept: [{ code: 'red' }] }] },
          },
        ],
      },
    ),
    'item[0].initial[0].valueCoding',
    /not one of the answer options/,
  )
})
