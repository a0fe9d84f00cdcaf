import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { AppError } from '../platform/errors.ts'
import {
  brokenSamples,
  sampleResource,
  SAMPLE_CANARY,
  SAMPLE_NOTE_CANARY,
  type SampleRefs,
} from '../testing/fhir-samples.ts'
import { searchParamDefinition } from './definitions.ts'
import { PROTECTED_TEXT, RESOURCE_TYPES, TYPE_POLICIES, type ResourceType } from './resource-types.ts'
import { MAX_DETAILS, validateResource } from './validate.ts'
import { MAX_LONG_TEXT, MAX_STRING } from './validation/limits.ts'
import { narrativeProblem } from './validation/narrative.ts'
import { expandValueSet } from './validation/value-sets.ts'

const ALL_REFS: Required<SampleRefs> = {
  patientId: 'pat-1',
  practitionerId: 'prac-1',
  organizationId: 'org-1',
  scheduleId: 'sched-1',
  slotId: 'slot-1',
  appointmentId: 'appt-1',
  encounterId: 'enc-1',
  medicationId: 'med-1',
  medicationRequestId: 'mreq-1',
}
const PATIENT_ONLY: SampleRefs = { patientId: 'pat-2' }

/** The AppError `validateResource` throws for `body`; fails if it accepts or throws anything else. */
function refusal(body: unknown, type: ResourceType): AppError {
  try {
    validateResource(body, type)
  } catch (err) {
    assert.ok(err instanceof AppError, `threw ${String(err)}`)
    return err
  }
  assert.fail(`accepted ${JSON.stringify(body).slice(0, 200)}`)
}

function paths(err: AppError): string[] {
  return err.details.map((d) => d.path)
}

/** Every value at a dotted path (`note.text`), through arrays. */
function valuesAt(value: unknown, path: string): unknown[] {
  let current: unknown[] = [value]
  for (const key of path.split('.')) {
    current = current
      .flatMap((v) => (Array.isArray(v) ? (v as unknown[]) : [v]))
      .map((v) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined))
      .filter((v) => v !== undefined)
  }
  return current.flatMap((v) => (Array.isArray(v) ? (v as unknown[]) : [v]))
}

test('every sample of every type validates, with every reference and with only the patient', () => {
  for (const refs of [ALL_REFS, PATIENT_ONLY]) {
    for (const type of RESOURCE_TYPES) {
      const sample = sampleResource(type, refs)
      const out = validateResource(structuredClone(sample), type)
      assert.deepEqual(out, sample, `${type} came back changed`)
    }
  }
})

test("each sample names its patient where its type's compartment parameter looks", () => {
  for (const type of RESOURCE_TYPES) {
    const compartment = TYPE_POLICIES[type].compartment
    if (typeof compartment !== 'object') continue
    for (const refs of [ALL_REFS, PATIENT_ONLY]) {
      const found = searchParamDefinition(type, compartment.param).evaluate(sampleResource(type, refs))
      const references = found.map((v) => (v as { reference?: string }).reference)
      assert.ok(
        references.includes(`Patient/${refs.patientId}`),
        `${type}.${compartment.param}: ${references.join()}`,
      )
    }
  }
})

test('the canaries are where the samples say: patient data everywhere, the note canary only in protected text', () => {
  assert.ok(JSON.stringify(sampleResource('Patient', ALL_REFS)).includes(SAMPLE_CANARY))
  for (const type of RESOURCE_TYPES) {
    const sample = sampleResource(type, ALL_REFS)
    const json = JSON.stringify(sample)
    const protectedValues = (PROTECTED_TEXT[type] ?? []).flatMap((path) => valuesAt(sample, path))
    const inProtected = protectedValues.filter((v) => typeof v === 'string' && v.includes(SAMPLE_NOTE_CANARY))
    assert.equal(
      json.split(SAMPLE_NOTE_CANARY).length - 1,
      inProtected.length,
      `${type}: note canary outside`,
    )
    for (const v of inProtected) assert.ok((v as string).includes(SAMPLE_CANARY))
  }
  // The protected types hold the note canary, so a dump test searching for it can fail.
  for (const type of ['Composition', 'Communication', 'Observation', 'AllergyIntolerance'] as const)
    assert.ok(JSON.stringify(sampleResource(type, ALL_REFS)).includes(SAMPLE_NOTE_CANARY), type)
})

test('every broken sample is refused as invalid, naming the expected location', async (t) => {
  const catalogue = brokenSamples()
  assert.ok(catalogue.length >= 40)
  for (const broken of catalogue) {
    await t.test(broken.name, () => {
      const err = refusal(broken.body, broken.type)
      assert.equal(err.code, 'invalid')
      assert.ok(
        paths(err).includes(broken.expectPath),
        `wanted ${broken.expectPath}, got ${paths(err).join(' | ')}`,
      )
      for (const d of err.details) assert.ok(d.message.length > 0 && d.path.length > 0)
      assert.ok(err.message.startsWith(`invalid ${broken.type}: `))
      // Refusals are rendered to clients and may be logged: they must not repeat the record.
      const said = JSON.stringify([err.message, err.details])
      assert.ok(!said.includes(SAMPLE_CANARY) && !said.includes(SAMPLE_NOTE_CANARY), said)
    })
  }
})

test('a refusal lists every problem it found, in plain words', () => {
  const body = {
    ...sampleResource('Patient', ALL_REFS),
    gender: 'bogus',
    birthDate: '1984-13-01',
    hobby: 'x',
  }
  const err = refusal(body, 'Patient')
  assert.deepEqual(paths(err).sort(), ['Patient.birthDate', 'Patient.gender', 'Patient.hobby'])
  const gender = err.details.find((d) => d.path === 'Patient.gender')
  assert.match(gender?.message ?? '', /required value set .*administrative-gender .*female/)
})

test('paths are concrete FHIRPath locations: array indexes, choice types, primitive extensions', () => {
  const observation = sampleResource('Observation', ALL_REFS)
  const bad = {
    ...observation,
    valueQuantity: { value: 1, comparator: '~' },
    note: [{ text: 'ok' }, { text: 5 }],
  }
  assert.deepEqual(paths(refusal(bad, 'Observation')).sort(), [
    'Observation.note[1].text',
    'Observation.valueQuantity.comparator',
  ])
  const extension = {
    url: 'https://tessera.example/x',
    valueString: 'a',
    extension: [{ url: 'https://x', valueCode: 'b' }],
  }
  const patient = { ...sampleResource('Patient', ALL_REFS), _birthDate: { extension: [extension] } }
  assert.deepEqual(paths(refusal(patient, 'Patient')), ['Patient.birthDate.extension[0]'])
})

test('client-supplied meta.versionId and meta.lastUpdated are dropped, not refused; other meta stays', () => {
  const tag = { system: 'https://tessera.example/tags', code: 'imported' }
  const body = {
    ...sampleResource('Patient', ALL_REFS),
    meta: { versionId: 'not an id!', lastUpdated: 'yesterday', tag: [tag] },
  }
  const out = validateResource(body, 'Patient')
  assert.deepEqual(out.meta, { tag: [tag] })
  const bare = validateResource({ ...sampleResource('Slot', ALL_REFS), meta: { versionId: '7' } }, 'Slot')
  assert.equal('meta' in bare, false)
})

test('strings are accepted up to their limit and refused past it', () => {
  const at = (family: string) => ({ ...sampleResource('Patient', ALL_REFS), name: [{ family }] })
  validateResource(at('x'.repeat(MAX_STRING)), 'Patient')
  assert.deepEqual(paths(refusal(at('x'.repeat(MAX_STRING + 1)), 'Patient')), ['Patient.name[0].family'])
  const message = sampleResource('Communication', ALL_REFS)
  validateResource({ ...message, payload: [{ contentString: 'y'.repeat(MAX_LONG_TEXT) }] }, 'Communication')
})

test('too many problems are cut to MAX_DETAILS', () => {
  const body: Record<string, unknown> = { resourceType: 'Patient' }
  for (let i = 0; i < MAX_DETAILS + 20; i++) body[`junk${i}`] = i
  const err = refusal(body, 'Patient')
  assert.equal(err.details.length, MAX_DETAILS)
  assert.match(err.message, /and \d+ more/)
})

test('inherited and prototype-like member names are unknown elements, not crashes', () => {
  const body = JSON.parse(
    '{"resourceType":"Patient","__proto__":{"gender":"male"},"toString":"x"}',
  ) as unknown
  assert.deepEqual(paths(refusal(body, 'Patient')).sort(), ['Patient.__proto__', 'Patient.toString'])
})

test('required value sets expand from the definitions; unenumerable ones are not checked', () => {
  const gender = expandValueSet('http://hl7.org/fhir/ValueSet/administrative-gender|4.0.1')
  assert.deepEqual([...(gender?.codes ?? [])].sort(), ['female', 'male', 'other', 'unknown'])
  assert.equal(expandValueSet('http://hl7.org/fhir/ValueSet/mimetypes'), undefined) // urn:ietf:bcp:13
  assert.equal(expandValueSet('https://example.org/ValueSet/unknown'), undefined)
  const timing = expandValueSet('http://hl7.org/fhir/ValueSet/event-timing') // a code system plus a v3 list
  assert.ok(timing?.codes.has('MORN') && timing.codes.has('ACM'))
  // An attachment's contentType is bound to mimetypes, which we cannot enumerate: any type passes.
  const doc = sampleResource('DocumentReference', ALL_REFS) as unknown as {
    content: [{ attachment: object }]
  }
  doc.content[0].attachment = { ...doc.content[0].attachment, contentType: 'application/x-made-up' }
  validateResource(doc, 'DocumentReference')
})

test('safe narratives are accepted', () => {
  const safe = [
    '<div xmlns="http://www.w3.org/1999/xhtml">Plain text &amp; an entity</div>',
    '<div xmlns="http://www.w3.org/1999/xhtml"><p style="color: red">Hi <b>there</b><br/>and <i>here</i></p></div>',
    '<div><table border="1"><tr><th scope="col">BP</th></tr><tr><td>142/91</td></tr></table></div>',
    '<div><a href="https://example.org/a?b=1&amp;c=2">site</a> <a href="mailto:a@b.c">mail</a> <a href="#x">here</a></div>',
    '<div><img src="#pic" alt="chart"/><img src="data:image/png;base64,iVBORw0KGgo=" alt="x"/></div>',
    '<div><!-- generated --><ul><li>one</li><li>two</li></ul></div>',
  ]
  for (const div of safe) assert.equal(narrativeProblem(div), undefined, div)
})

test('unsafe or malformed narratives are refused', () => {
  const unsafe = [
    '<div><script>alert(1)</script></div>',
    '<div><p onclick="alert(1)">x</p></div>',
    '<div><p ONMOUSEOVER=alert(1)>x</p></div>',
    '<div><a href="JaVaScRiPt:alert(1)">x</a></div>',
    '<div><a href=" javascript:alert(1)">x</a></div>',
    '<div><a href="&#106;avascript:alert(1)">x</a></div>',
    '<div><a href="javascript&colon;alert(1)">x</a></div>',
    '<div><a href="vbscript:x">x</a></div>',
    '<div><img src="data:text/html;base64,PHNjcmlwdD4=" alt="x"/></div>',
    '<div><a href="data:image/png;base64,AAAA">x</a></div>',
    '<div><iframe src="https://example.org"></iframe></div>',
    '<div><svg onload="alert(1)"></svg></div>',
    '<div><p style="background: url(https://tracker.example/x)">x</p></div>',
    '<div><p style="width: expression(alert(1))">x</p></div>',
    '<div><p/onclick=alert(1)>x</p></div>',
    '<div><![CDATA[<script>alert(1)</script>]]></div>',
    '<div><form action="https://x"><input name="a"/></form></div>',
    '<div><p>unclosed</div>',
    '<div>ok</div><script>alert(1)</script>',
    '<div>ok</div>trailing',
    '<p>not a div</p>',
    '<div>   </div>',
    '<div>a < b</div>',
  ]
  for (const div of unsafe) assert.ok(narrativeProblem(div), div)
})

test('hostile sizes are refused quickly', () => {
  const div = `<div>${'<p title="x" class="y">z</p>'.repeat(8000)}</div>`
  const cases: Array<[unknown, ResourceType]> = [
    [
      { resourceType: 'Patient', text: { status: 'generated', div: `<div><p${' a=b'.repeat(60000)}` } },
      'Patient',
    ],
    [{ resourceType: 'Patient', text: { status: 'generated', div } }, 'Patient'],
    [
      { resourceType: 'Patient', name: Array.from({ length: 900 }, () => ({ given: Array(11).fill('a') })) },
      'Patient',
    ],
    [
      Object.fromEntries([
        ['resourceType', 'Patient'],
        ...Array.from({ length: 9000 }, (_, i) => [`k${i}`, i]),
      ]),
      'Patient',
    ],
  ]
  for (const [body, type] of cases) {
    const start = performance.now()
    try {
      validateResource(body, type)
    } catch (err) {
      assert.ok(err instanceof AppError)
    }
    assert.ok(performance.now() - start < 2000, `took ${performance.now() - start} ms`)
  }
})

// Random JSON in random places of valid samples: whatever comes in, the only failure is an
// AppError('invalid') whose every detail names a location.
const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, '', ' ', [], {}, [null], 0, -1, 1.5, true, 'x'.repeat(MAX_STRING + 1)),
  fc.constantFrom('<div><script>x</script></div>', '2025-02-30', 'Patient/x', { reference: 'Patient/1' }),
)

type Mutation = {
  pick: number
  op: 'replace' | 'delete' | 'add' | 'wrap' | 'unwrap' | 'underscore'
  key: string
  value: unknown
}
const mutation: fc.Arbitrary<Mutation> = fc.record({
  pick: fc.nat(),
  op: fc.constantFrom('replace', 'delete', 'add', 'wrap', 'unwrap', 'underscore'),
  key: fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.constantFrom('__proto__', 'constructor', 'resourceType', 'valueString', 'extension'),
  ),
  value: anyJson,
})

/** Every [container, key] pair of the body, parents before children. */
function slots(body: unknown): Array<[Record<string, unknown> | unknown[], string | number]> {
  const found: Array<[Record<string, unknown> | unknown[], string | number]> = []
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return
    const container = node as Record<string, unknown> | unknown[]
    for (const [k, v] of Object.entries(container)) {
      found.push([container, Array.isArray(container) ? Number(k) : k])
      visit(v)
    }
  }
  visit(body)
  return found
}

function mutate(body: Record<string, unknown>, m: Mutation): void {
  const all = slots(body)
  const [container, key] = all[m.pick % all.length] ?? [body, 'resourceType']
  const target = container as Record<string | number, unknown>
  const current = target[key]
  // Fresh copies: a shared constant written into one body would otherwise grow into the next.
  const value = structuredClone(m.value)
  switch (m.op) {
    case 'replace':
      target[key] = value
      break
    case 'delete':
      if (Array.isArray(container)) container.splice(key as number, 1)
      else delete target[key]
      break
    case 'add':
      if (typeof current === 'object' && current !== null && !Array.isArray(current))
        (current as Record<string, unknown>)[m.key] = value
      else target[key] = { [m.key]: value }
      break
    case 'wrap':
      target[key] = [current]
      break
    case 'unwrap':
      target[key] = Array.isArray(current) ? current[0] : current
      break
    case 'underscore':
      if (typeof key === 'string') target[`_${key}`] = value
      break
    default:
      m.op satisfies never
  }
}

test('randomly mutated samples are accepted or refused with an AppError, never anything else', () => {
  const originals = RESOURCE_TYPES.map((type) => [type, sampleResource(type, ALL_REFS)] as const)
  fc.assert(
    fc.property(
      fc.nat({ max: originals.length - 1 }),
      fc.array(mutation, { minLength: 1, maxLength: 4 }),
      (i, mutations) => {
        const [type, original] = originals[i]!
        const body = structuredClone(original) as unknown as Record<string, unknown>
        for (const m of mutations) mutate(body, m)
        try {
          validateResource(body, type)
        } catch (err) {
          assert.ok(err instanceof AppError, `threw ${String(err)}`)
          assert.equal(err.code, 'invalid')
          assert.ok(err.details.length > 0)
          for (const d of err.details) {
            assert.ok(
              typeof d.path === 'string' && (d.path === 'resourceType' || d.path.startsWith(type)),
              d.path,
            )
            assert.ok(typeof d.message === 'string' && d.message.length > 0)
          }
        }
      },
    ),
    { numRuns: 3000 },
  )
})

test('whole bodies of random JSON are refused with an AppError', () => {
  fc.assert(
    fc.property(
      fc.oneof(fc.jsonValue(), fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }))),
      (body) => {
        const b =
          typeof body === 'object' && body !== null && !Array.isArray(body)
            ? { ...body, resourceType: 'Task' }
            : body
        const err = refusal(b, 'Task')
        assert.ok(err.details.every((d) => d.path.length > 0))
      },
    ),
    { numRuns: 500 },
  )
})
