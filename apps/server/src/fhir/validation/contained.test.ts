// Contained resources: a Questionnaire may carry its ValueSets (answerValueSet "#id"), checked
// against the R4 ValueSet definition like a stored resource; nothing else gains new contained types.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { ErrorDetail } from '../../platform/errors.ts'
import { AppError } from '../../platform/errors.ts'
import { validateResource } from '../validate.ts'
import type { ResourceType } from '../resource-types.ts'

function problems(body: unknown, type: ResourceType): ErrorDetail[] {
  try {
    validateResource(body, type)
  } catch (err) {
    assert.ok(err instanceof AppError, `threw ${String(err)}`)
    return err.details
  }
  return []
}

const valueSet = (extra: Record<string, unknown> = {}) => ({
  resourceType: 'ValueSet',
  id: 'vs-1',
  status: 'active',
  compose: { include: [{ system: 'urn:test:colour', concept: [{ code: 'red', display: 'Red' }] }] },
  ...extra,
})

const questionnaire = (contained: unknown[]) => ({
  resourceType: 'Questionnaire',
  url: 'urn:test:q',
  version: '1',
  status: 'active',
  contained,
  item: [{ linkId: 'c', text: 'Colour', type: 'choice', answerValueSet: '#vs-1' }],
})

test('a Questionnaire with contained ValueSets (compose and expansion) is accepted', () => {
  const { compose: _compose, ...expanded } = valueSet({
    id: 'vs-2',
    expansion: {
      timestamp: '2024-05-01T10:00:00Z',
      contains: [
        {
          system: 'urn:test:size',
          code: 's',
          display: 'Small',
          contains: [{ system: 'urn:test:size', code: 'xs' }],
        },
      ],
    },
  })
  assert.deepEqual(problems(questionnaire([valueSet(), expanded]), 'Questionnaire'), [])
})

test('a malformed contained ValueSet is refused with every problem by its path', () => {
  const bad = valueSet({
    status: 'finished',
    colour: 'red',
    compose: { include: [{ system: 'urn:test:colour', concept: [{ display: 'No code' }] }] },
  })
  const found = problems(questionnaire([bad]), 'Questionnaire')
  const paths = found.map((d) => d.path)
  assert.ok(paths.includes('Questionnaire.contained[0].status'), paths.join(', '))
  assert.ok(paths.includes('Questionnaire.contained[0].colour'), paths.join(', '))
  assert.ok(paths.includes('Questionnaire.contained[0].compose.include[0].concept[0].code'), paths.join(', '))
  // R4 invariants of the ValueSet apply too (vsd-10: a code in an expansion names its system).
  const noSystem = valueSet({ expansion: { timestamp: '2024-05-01T10:00:00Z', contains: [{ code: 'x' }] } })
  assert.deepEqual(problems(questionnaire([noSystem]), 'Questionnaire'), [
    {
      path: 'Questionnaire.contained[0].expansion.contains[0]',
      message: 'Must have a system if a code is present (FHIR invariant vsd-10)',
    },
  ])
  const missingStatus = problems(questionnaire([{ ...valueSet(), status: undefined }]), 'Questionnaire')
  assert.deepEqual(missingStatus, [{ path: 'Questionnaire.contained[0].status', message: 'is required' }])
  const shape = problems(questionnaire([valueSet({ compose: { include: {} } })]), 'Questionnaire')
  assert.ok(
    shape.some((d) => d.path === 'Questionnaire.contained[0].compose.include' && /array/.test(d.message)),
    JSON.stringify(shape),
  )
})

test('ValueSet may be contained only by a Questionnaire, and other unknown types stay refused', () => {
  const patient = { resourceType: 'Patient', contained: [valueSet()] }
  assert.deepEqual(problems(patient, 'Patient'), [
    {
      path: 'Patient.contained[0].resourceType',
      message: 'must be one of the resource types this server stores',
    },
  ])
  const library = problems(
    questionnaire([{ resourceType: 'Library', id: 'l', status: 'active' }]),
    'Questionnaire',
  )
  assert.deepEqual(library, [
    {
      path: 'Questionnaire.contained[0].resourceType',
      message: 'must be one of the resource types this server stores, or ValueSet',
    },
  ])
  // A contained resource holds no contained resources of its own (dom-2).
  const nested = valueSet({ contained: [valueSet({ id: 'inner' })] })
  assert.deepEqual(
    problems(questionnaire([nested]), 'Questionnaire').map((d) => d.path),
    ['Questionnaire.contained[0].contained[0].resourceType', 'Questionnaire'],
  )
})
