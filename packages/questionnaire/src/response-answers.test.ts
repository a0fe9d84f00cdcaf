// Answers against their items: type per item type, options, maxLength, repeats, read-only.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { QuestionnaireItem, QuestionnaireResponseItemAnswer } from '@medplum/fhirtypes'
import { answered, choice, coded, form, question, reply } from './test-fixtures.ts'
import { validateResponse } from './validate-response.ts'

function issuesFor(item: QuestionnaireItem, ...answers: QuestionnaireResponseItemAnswer[]) {
  return validateResponse(form([item]), reply([answered(item.linkId, ...answers)]))
}

function accepts(item: QuestionnaireItem, ...answers: QuestionnaireResponseItemAnswer[]) {
  assert.deepEqual(issuesFor(item, ...answers), [])
}

function refuses(item: QuestionnaireItem, answer: QuestionnaireResponseItemAnswer, message: RegExp) {
  const issues = issuesFor(item, answer)
  assert.equal(issues.length, 1, JSON.stringify(issues))
  assert.equal(issues[0]!.linkId, item.linkId)
  assert.match(issues[0]!.message, message)
}

const attachment = { url: 'Binary/3f2a', contentType: 'application/pdf', title: 'summary.pdf' }

describe('answer types per item type', () => {
  const cases: Array<
    [QuestionnaireItem, QuestionnaireResponseItemAnswer, QuestionnaireResponseItemAnswer, RegExp]
  > = [
    [question('b', 'boolean'), { valueBoolean: false }, { valueString: 'no' }, /valueBoolean/],
    [question('d', 'decimal'), { valueDecimal: 1.5 }, { valueInteger: 1 }, /valueDecimal/],
    [question('i', 'integer'), { valueInteger: -3 }, { valueInteger: 1.5 }, /32-bit integer/],
    [
      question('dt', 'date'),
      { valueDate: '2024-02' },
      { valueDate: '2024-02-30T10:00:00Z' },
      /must be a date/,
    ],
    [
      question('dtm', 'dateTime'),
      { valueDateTime: '2024-02-01T10:00:00+01:00' },
      { valueDateTime: '2024-02-01T10:00:00' },
      /time zone/,
    ],
    [question('t', 'time'), { valueTime: '23:59:59' }, { valueTime: '24:00:00' }, /hh:mm:ss/],
    [question('s', 'string'), { valueString: 'Alice' }, { valueString: '   ' }, /non-blank/],
    [question('tx', 'text'), { valueString: 'long\ntext' }, { valueUri: 'https://x.example' }, /valueString/],
    [
      question('u', 'url'),
      { valueUri: 'https://example.org/page' },
      { valueUri: 'javascript:alert(1)' },
      /http\(s\) URL/,
    ],
    [
      choice('c', ['a', 'b']),
      { valueCoding: coded('a') },
      { valueCoding: coded('z') },
      /not one of the answer options/,
    ],
    [
      choice('c2', ['a']),
      { valueCoding: coded('a') },
      { valueCoding: coded('a', 'urn:other') },
      /not one of the answer options/,
    ],
    [choice('c3', ['a']), { valueCoding: coded('a') }, { valueString: 'a' }, /must be valueCoding/],
    [
      choice('oc', ['a'], { type: 'open-choice' }),
      { valueString: 'something else' },
      { valueInteger: 3 },
      /valueCoding or valueString/,
    ],
    [
      question('at', 'attachment'),
      { valueAttachment: attachment },
      { valueAttachment: { data: 'SGVsbG8=', contentType: 'text/plain' } },
      /vault/,
    ],
    [
      question('at2', 'attachment'),
      { valueAttachment: attachment },
      { valueAttachment: { title: 'x' } },
      /url of the uploaded file/,
    ],
    [
      question('q', 'quantity'),
      { valueQuantity: { value: 72.5, unit: 'kg' } },
      { valueQuantity: { unit: 'kg' } },
      /Quantity with a value/,
    ],
    [
      question('sI', 'integer'),
      { valueInteger: 2 },
      { valueInteger: 1, valueDecimal: 1 },
      /more than one value\[x\]/,
    ],
    [question('sE', 'string'), { valueString: 'x' }, {}, /no value\[x\]/],
  ]
  for (const [item, good, bad, message] of cases)
    test(`${item.type} (${item.linkId})`, () => {
      accepts(item, good)
      refuses(item, bad, message)
    })

  test('choice with integer, string, date, time and reference options', () => {
    const options = [{ valueInteger: 1 }, { valueInteger: 2 }]
    accepts(question('ci', 'choice', { answerOption: options }), { valueInteger: 2 })
    refuses(question('ci', 'choice', { answerOption: options }), { valueInteger: 3 }, /not one of/)
    accepts(question('cs', 'choice', { answerOption: [{ valueString: 'x' }] }), { valueString: 'x' })
    accepts(question('cd', 'choice', { answerOption: [{ valueDate: '2024-01-01' }] }), {
      valueDate: '2024-01-01',
    })
    accepts(question('ct', 'choice', { answerOption: [{ valueTime: '09:00:00' }] }), {
      valueTime: '09:00:00',
    })
    accepts(
      question('cr', 'choice', { answerOption: [{ valueReference: { reference: 'Practitioner/1' } }] }),
      { valueReference: { reference: 'Practitioner/1' } },
    )
    refuses(
      question('cr', 'choice', { answerOption: [{ valueReference: { reference: 'Practitioner/1' } }] }),
      { valueReference: { reference: 'Patient/9' } },
      /not one of/,
    )
  })

  test('choice from a contained ValueSet', () => {
    const item = question('vs', 'choice', { answerValueSet: '#c' })
    const q = form([item], {
      contained: [
        {
          resourceType: 'ValueSet',
          id: 'c',
          status: 'active',
          compose: { include: [{ system: 'urn:c', concept: [{ code: 'red' }, { code: 'blue' }] }] },
        },
      ],
    })
    assert.deepEqual(
      validateResponse(q, reply([answered('vs', { valueCoding: { system: 'urn:c', code: 'blue' } })])),
      [],
    )
    assert.match(
      validateResponse(q, reply([answered('vs', { valueCoding: { system: 'urn:c', code: 'green' } })]))[0]!
        .message,
      /not one of/,
    )
  })

  test('display and group items take no answers', () => {
    const q = form([
      { linkId: 'd', type: 'display', text: 'x' },
      { linkId: 'g', type: 'group', item: [question('s', 'string')] },
    ])
    const issues = validateResponse(
      q,
      reply([answered('d', { valueString: 'x' }), { linkId: 'g', answer: [{ valueString: 'x' }], item: [] }]),
    )
    assert.deepEqual(
      issues.map((i) => [i.linkId, i.path]),
      [
        ['d', 'item[0].answer'],
        ['g', 'item[1].answer'],
      ],
    )
  })
})

test('maxLength counts characters of string, text, url and open-choice free text', () => {
  accepts(question('s', 'string', { maxLength: 3 }), { valueString: 'abc' })
  refuses(question('s', 'string', { maxLength: 3 }), { valueString: 'abcd' }, /longer than the 3/)
  refuses(question('u', 'url', { maxLength: 20 }), { valueUri: 'https://example.org/a/long/path' }, /longer/)
  refuses(choice('o', ['a'], { type: 'open-choice', maxLength: 3 }), { valueString: 'abcd' }, /longer/)
})

test('repeats: several answers only on repeating items; a non-group item appears once', () => {
  accepts(question('r', 'integer', { repeats: true }), { valueInteger: 1 }, { valueInteger: 2 })
  const issues = issuesFor(question('n', 'integer'), { valueInteger: 1 }, { valueInteger: 2 })
  assert.deepEqual(
    issues.map((i) => [i.linkId, i.message]),
    [['n', 'has more than one answer but the item does not repeat']],
  )
  const twice = validateResponse(
    form([question('n', 'integer')]),
    reply([answered('n', { valueInteger: 1 }), answered('n', { valueInteger: 2 })]),
  )
  assert.match(twice[0]!.message, /appears more than once/)
})

test('read-only items keep their initial value', () => {
  const item = question('ro', 'string', { readOnly: true, initial: [{ valueString: 'set by clinic' }] })
  accepts(item, { valueString: 'set by clinic' })
  refuses(item, { valueString: 'changed' }, /read-only/)
  const selected = choice('rc', ['a', 'b'], {
    readOnly: true,
    answerOption: [{ valueCoding: coded('a'), initialSelected: true }, { valueCoding: coded('b') }],
  })
  accepts(selected, { valueCoding: coded('a') })
  refuses(selected, { valueCoding: coded('b') }, /read-only/)
  refuses(question('ro2', 'string', { readOnly: true }), { valueString: 'x' }, /read-only/)
})

test('messages never repeat the submitted value', () => {
  const secret = 'my-secret-diagnosis'
  const q = form([question('s', 'string', { maxLength: 3 }), choice('c', ['a'])])
  const issues = validateResponse(
    q,
    reply([answered('s', { valueString: secret }), answered('c', { valueCoding: coded(secret) })]),
  )
  assert.equal(issues.length, 2)
  for (const i of issues) assert.ok(!i.message.includes(secret), i.message)
})
