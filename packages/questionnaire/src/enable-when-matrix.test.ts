// The full enableWhen matrix: every operator against every answer type, with no answer, a lower,
// an equal and a higher answer. Expected outcomes come from the R4 operator definitions, written out
// here independently of the implementation.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { QuestionnaireItem, QuestionnaireResponseItemAnswer } from '@medplum/fhirtypes'
import { isEnabled } from './enable-when.ts'
import { answered, coded, form, question, reply } from './test-fixtures.ts'
import { validateQuestionnaire } from './validate-questionnaire.ts'

interface Row {
  name: string
  source: QuestionnaireItem
  /** enableWhen answer[x] key and value */
  key: string
  expected: unknown
  lower: QuestionnaireResponseItemAnswer
  equal: QuestionnaireResponseItemAnswer
  higher: QuestionnaireResponseItemAnswer
  ordered: boolean
}

const UCUM = 'http://unitsofmeasure.org'
const kg = (value: number) => ({ value, unit: 'kg', system: UCUM, code: 'kg' })
const ref = (id: string) => ({ reference: `Practitioner/${id}` })

const ROWS: Row[] = [
  {
    name: 'boolean',
    source: question('s', 'boolean'),
    key: 'answerBoolean',
    expected: true,
    lower: { valueBoolean: false },
    equal: { valueBoolean: true },
    higher: { valueBoolean: false },
    ordered: false,
  },
  {
    name: 'decimal',
    source: question('s', 'decimal'),
    key: 'answerDecimal',
    expected: 5.5,
    lower: { valueDecimal: 2.25 },
    equal: { valueDecimal: 5.5 },
    higher: { valueDecimal: 10 },
    ordered: true,
  },
  {
    name: 'integer',
    source: question('s', 'integer'),
    key: 'answerInteger',
    expected: 5,
    lower: { valueInteger: 4 },
    equal: { valueInteger: 5 },
    higher: { valueInteger: 6 },
    ordered: true,
  },
  {
    name: 'date',
    source: question('s', 'date'),
    key: 'answerDate',
    expected: '2024-03-15',
    lower: { valueDate: '2024-03-14' },
    equal: { valueDate: '2024-03-15' },
    higher: { valueDate: '2024-04-01' },
    ordered: true,
  },
  {
    name: 'dateTime (instants across time zones)',
    source: question('s', 'dateTime'),
    key: 'answerDateTime',
    expected: '2024-03-15T10:00:00Z',
    lower: { valueDateTime: '2024-03-15T10:00:00+01:00' },
    equal: { valueDateTime: '2024-03-15T12:00:00+02:00' },
    higher: { valueDateTime: '2024-03-15T10:00:01Z' },
    ordered: true,
  },
  {
    name: 'time',
    source: question('s', 'time'),
    key: 'answerTime',
    expected: '13:30:00',
    lower: { valueTime: '09:05:00' },
    equal: { valueTime: '13:30:00' },
    higher: { valueTime: '23:59:59' },
    ordered: true,
  },
  {
    name: 'string',
    source: question('s', 'string'),
    key: 'answerString',
    expected: 'yes',
    lower: { valueString: 'no' },
    equal: { valueString: 'yes' },
    higher: { valueString: 'yes please' },
    ordered: false,
  },
  {
    name: 'coding',
    source: question('s', 'choice', {
      answerOption: ['a', 'b', 'c'].map((c) => ({ valueCoding: coded(c) })),
    }),
    key: 'answerCoding',
    expected: coded('b'),
    lower: { valueCoding: coded('a') },
    equal: { valueCoding: coded('b') },
    higher: { valueCoding: coded('c') },
    ordered: false,
  },
  {
    name: 'integer choice',
    source: question('s', 'choice', { answerOption: [1, 2, 3].map((n) => ({ valueInteger: n })) }),
    key: 'answerInteger',
    expected: 2,
    lower: { valueInteger: 1 },
    equal: { valueInteger: 2 },
    higher: { valueInteger: 3 },
    ordered: true,
  },
  {
    name: 'quantity',
    source: question('s', 'quantity'),
    key: 'answerQuantity',
    expected: kg(70),
    lower: { valueQuantity: kg(60) },
    equal: { valueQuantity: kg(70) },
    higher: { valueQuantity: kg(80) },
    ordered: true,
  },
  {
    name: 'reference',
    source: question('s', 'choice', {
      answerOption: ['1', '2', '3'].map((id) => ({ valueReference: ref(id) })),
    }),
    key: 'answerReference',
    expected: ref('2'),
    lower: { valueReference: ref('1') },
    equal: { valueReference: ref('2') },
    higher: { valueReference: ref('3') },
    ordered: false,
  },
]

type Case = 'none' | 'lower' | 'equal' | 'higher'
const CASES: Case[] = ['none', 'lower', 'equal', 'higher']

/** R4 valueset-questionnaire-enable-operator, for one answer (or none). */
function expectedOutcome(operator: string, at: Case, ordered: boolean): boolean {
  const equal = at === 'equal'
  switch (operator) {
    case '=':
      return equal
    case '!=':
      return !equal
    case '>':
      return ordered && at === 'higher'
    case '<':
      return ordered && at === 'lower'
    case '>=':
      return ordered && (at === 'higher' || at === 'equal')
    case '<=':
      return ordered && (at === 'lower' || at === 'equal')
    default:
      throw new Error(operator)
  }
}

for (const row of ROWS) {
  describe(`enableWhen over ${row.name} answers`, () => {
    for (const operator of ['=', '!=', '>', '<', '>=', '<=']) {
      const target = question('t', 'string', {
        enableWhen: [{ question: 's', operator: operator as '=', [row.key]: row.expected }],
      })
      const questionnaire = form([row.source, target])
      test(`${operator}: import ${row.ordered || operator === '=' || operator === '!=' ? 'accepted' : 'refused'}; outcome per answer`, () => {
        const check = validateQuestionnaire(questionnaire)
        const valid = row.ordered || operator === '=' || operator === '!='
        assert.equal(check.ok, valid, JSON.stringify(check))
        if (!check.ok) assert.equal(check.errors[0]?.path, 'item[1].enableWhen[0].operator')
        for (const at of CASES) {
          const response = reply(at === 'none' ? [] : [answered('s', row[at])], 'in-progress')
          assert.equal(
            isEnabled(target, response, questionnaire),
            expectedOutcome(operator, at, row.ordered),
            `${operator} with ${at}`,
          )
        }
      })
    }
    test('exists true / exists false', () => {
      for (const wanted of [true, false]) {
        const target = question('t', 'string', {
          enableWhen: [{ question: 's', operator: 'exists', answerBoolean: wanted }],
        })
        const questionnaire = form([row.source, target])
        assert.equal(validateQuestionnaire(questionnaire).ok, true)
        for (const at of CASES) {
          const response = reply(at === 'none' ? [] : [answered('s', row[at])], 'in-progress')
          assert.equal(
            isEnabled(target, response, questionnaire),
            (at !== 'none') === wanted,
            `exists ${wanted} with ${at}`,
          )
        }
      }
    })
  })
}

test('with several answers (repeating question), = and orderings need one match, != needs none', () => {
  const source = question('s', 'integer', { repeats: true })
  const make = (operator: '=' | '!=' | '>') =>
    question('t', 'string', { enableWhen: [{ question: 's', operator, answerInteger: 5 }] })
  const response = reply([answered('s', { valueInteger: 1 }, { valueInteger: 5 })], 'in-progress')
  assert.equal(isEnabled(make('='), response, form([source, make('=')])), true)
  assert.equal(isEnabled(make('!='), response, form([source, make('!=')])), false)
  assert.equal(isEnabled(make('>'), response, form([source, make('>')])), false)
})

test('dates of different precision are unordered where they agree, ordered where they differ', () => {
  const at = (operator: '<' | '=', answerDate: string) =>
    question('t', 'string', { enableWhen: [{ question: 's', operator, answerDate }] })
  const check = (t: QuestionnaireItem, value: string) =>
    isEnabled(
      t,
      reply([answered('s', { valueDate: value })], 'in-progress'),
      form([question('s', 'date'), t]),
    )
  assert.equal(check(at('<', '2024-03-15'), '2024'), false)
  assert.equal(check(at('=', '2024-03-15'), '2024'), false)
  assert.equal(check(at('<', '2024-03-15'), '2023'), true)
  assert.equal(check(at('<', '2024-03-15'), '2024-02'), true)
})

test('quantities in different units never compare (no unit conversion)', () => {
  const t = question('t', 'string', {
    enableWhen: [{ question: 's', operator: '<', answerQuantity: kg(70) }],
  })
  const lb = { value: 100, unit: 'lb', system: UCUM, code: '[lb_av]' }
  assert.equal(
    isEnabled(t, reply([answered('s', { valueQuantity: lb })]), form([question('s', 'quantity'), t])),
    false,
  )
})
