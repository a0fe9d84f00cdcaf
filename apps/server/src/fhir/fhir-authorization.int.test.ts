// The FHIR part of the authorisation matrix (S1, S2): every resource type x every role x
// {own patient, another patient, a random id} x every interaction (read, vread, history, search by
// id and by patient, _include, _revinclude, update, delete, $everything). 0 unauthorised 2xx; denied
// answers carry none of the other patient's details; another patient's record looks like no record.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import type { Role } from '../identity/account-table.ts'
import type { Actor } from '../access/actor.ts'
import { createTestApp, type TestApp } from '../testing/test-app.ts'
import { isManaged, writeManagedForTest } from '../testing/managed-resources.ts'
import { MATRIX_ROLES, freshSession, matrixPeople, type MatrixPeople } from '../testing/matrix-fixtures.ts'
import { fhirCaller, includedRefs, matchIds, type Caller } from '../testing/fhir-calls.ts'
import { sampleResource } from '../testing/fhir-samples.ts'
import { RESOURCE_TYPES, TYPE_POLICIES, type ResourceType } from './resource-types.ts'

type Target = 'own' | 'other' | 'random'
type Interaction = 'read' | 'vread' | 'history' | 'search-id' | 'search-patient' | 'update' | 'delete'

let t: TestApp
let people: MatrixPeople
const callers = {} as Record<Role, Caller>
const ids = {} as Record<ResourceType, Record<'own' | 'other', string>>
let canaries: string[]

const system = (accountId: string): Actor => ({
  accountId,
  role: 'clinician',
  prescriber: true,
  specialist: true,
  sessionId: randomUUID(),
  level: 'full',
  methods: ['password', 'totp'],
  mfaAt: new Date(),
})

before(async () => {
  t = await createTestApp()
  people = await matrixPeople(t)
  const writer = await t.ctx.db
    .insertInto('care_team')
    .values({
      patient_id: people.patientB.id,
      clinician_id: people.byRole.clinician.id,
      source: 'assignment',
      created_at: t.clock.now(),
    })
    .execute()
  void writer
  const actor = system(people.byRole.clinician.id)
  for (const type of RESOURCE_TYPES) {
    ids[type] = { own: '', other: '' }
    for (const target of ['own', 'other'] as const) {
      const patientId = target === 'own' ? people.patientA.id : people.patientB.id
      if (type === 'Patient') {
        ids[type][target] = patientId
        continue
      }
      const body = sampleResource(type, { patientId, practitionerId: people.byRole.clinician.id })
      ids[type][target] = isManaged(type)
        ? await writeManagedForTest(t, type, body)
        : (await t.ctx.fhir.store.create({ ...actor, role: writerRole(type) }, type, body)).id
    }
  }
  // Patient B's care team ends: from here on the clinician looks after patient A only.
  await t.ctx.db.deleteFrom('care_team').where('patient_id', '=', people.patientB.id).execute()
  // Patient B's name and email, and the ids of B's records (shared types belong to no patient).
  canaries = [
    ...people.canaries,
    ...RESOURCE_TYPES.filter((type) => TYPE_POLICIES[type].compartment !== 'shared').map(
      (type) => ids[type].other,
    ),
  ]
  for (const role of MATRIX_ROLES) callers[role] = fhirCaller(t, await freshSession(t, people.byRole[role]))
})
after(() => t.close())

function writerRole(type: ResourceType): Role {
  const roles = TYPE_POLICIES[type].create
  return roles.includes('clinician') ? 'clinician' : (roles[0] ?? 'clinician')
}

/** Whether this role may see this target of this type (the policy the store must enforce). */
function mayRead(role: Role, type: ResourceType, target: Target): boolean {
  const policy = TYPE_POLICIES[type]
  if (target === 'random' || !policy.read.includes(role)) return false
  if (policy.compartment === 'shared') return true
  if (role === 'reception') return policy.scope === 'demographics'
  // A pharmacist sees a patient's records only through a task routed to their pharmacy (the
  // prescribing tests cover that); these fixtures route none.
  if (role === 'pharmacist') return false
  return target === 'own'
}

function mayWrite(role: Role, type: ResourceType, target: Target, interaction: 'update' | 'delete'): boolean {
  return mayRead(role, type, target) && TYPE_POLICIES[type][interaction].includes(role)
}

function assertNoLeak(body: string, where: string): void {
  for (const canary of canaries) assert.ok(!body.includes(canary), `${where} leaked ${canary}`)
}

async function attempt(role: Role, type: ResourceType, target: Target, interaction: Interaction) {
  const call = callers[role]
  const id = target === 'random' ? randomUUID() : ids[type][target]
  const patientId =
    target === 'own' ? people.patientA.id : target === 'other' ? people.patientB.id : randomUUID()
  switch (interaction) {
    case 'read':
      return call('GET', `${type}/${id}`)
    case 'vread':
      return call('GET', `${type}/${id}/_history/1`)
    case 'history':
      return call('GET', `${type}/${id}/_history`)
    case 'search-id':
      return call('GET', `${type}?_id=${id}`)
    case 'search-patient': {
      const compartment = TYPE_POLICIES[type].compartment
      const param = typeof compartment === 'object' ? compartment.param : '_id'
      return call(
        'GET',
        `${type}?${param}=${type === 'Patient' || param === '_id' ? id : `Patient/${patientId}`}`,
      )
    }
    case 'update': {
      const body = { ...sampleResource(type, { patientId, practitionerId: people.byRole.clinician.id }), id }
      return call('PUT', `${type}/${id}`, body)
    }
    case 'delete':
      return call('DELETE', `${type}/${id}`)
  }
}

const INTERACTIONS: Interaction[] = ['read', 'vread', 'history', 'search-id', 'search-patient', 'update']

test('type x role x {own, other, random} x interaction: only what the policy allows succeeds (S1, S2)', async () => {
  let cells = 0
  const answers = new Map<string, { status: number; body: string }>()
  for (const type of RESOURCE_TYPES) {
    for (const role of MATRIX_ROLES) {
      for (const target of ['own', 'other', 'random'] as const) {
        for (const interaction of INTERACTIONS) {
          const res = await attempt(role, type, target, interaction)
          answers.set(`${role} ${type} ${interaction} ${target}`, res)
          cells++
          const where = `${role} ${interaction} ${type} (${target}) -> ${res.status}`
          assert.ok(res.status < 500, `${where}: ${res.body.slice(0, 200)}`)
          const allowed =
            interaction === 'update' ? mayWrite(role, type, target, 'update') : mayRead(role, type, target)
          if (interaction.startsWith('search')) {
            assert.ok(res.status === 200 || res.status === 403, where)
            const found = res.status === 200 ? matchIds(res.json) : []
            assert.equal(found.length > 0, allowed, where)
          } else if (allowed) {
            assert.ok(res.status >= 200 && res.status < 300, `${where}: ${res.body.slice(0, 300)}`)
          } else {
            assert.ok(res.status >= 400, where)
            // Record-level denials look like a missing record; type-level ones are a 403 saying why.
            if (TYPE_POLICIES[type].read.includes(role) && interaction !== 'update')
              assert.equal(res.status, 404, where)
          }
          if (!(allowed && target === 'other')) assertNoLeak(res.body, where)
        }
      }
    }
  }
  assert.ok(cells >= 20 * 6 * 3 * 6, `${cells} cells`)
  // S2: a record the caller may not see answers exactly like a record that does not exist.
  for (const type of RESOURCE_TYPES) {
    for (const role of MATRIX_ROLES) {
      for (const interaction of ['read', 'vread', 'history', 'update'] as const) {
        const other = answers.get(`${role} ${type} ${interaction} other`)!
        const random = answers.get(`${role} ${type} ${interaction} random`)!
        if (other.status < 300) continue
        assert.equal(
          other.status,
          random.status,
          `${role} ${interaction} ${type}: foreign and missing differ`,
        )
        assert.equal(
          other.body,
          random.body,
          `${role} ${interaction} ${type}: foreign and missing bodies differ`,
        )
      }
    }
  }
  console.log(`FHIR authorisation matrix: ${cells} type x role x target x interaction cells`)
})

test('_include and _revinclude never bring in a record the caller may not see', async () => {
  for (const role of MATRIX_ROLES) {
    const call = callers[role]
    for (const type of RESOURCE_TYPES) {
      for (const include of TYPE_POLICIES[type].include) {
        const res = await call('GET', `${type}?_include=${include}&_count=100`)
        assert.ok(
          res.status === 200 || res.status === 403,
          `${role} ${type} _include=${include}: ${res.status}`,
        )
        for (const ref of includedRefs(res.json)) {
          const [refType, refId] = ref.split('/') as [ResourceType, string]
          const target = refId === ids[refType]?.other || refId === people.patientB.id ? 'other' : 'own'
          assert.ok(mayRead(role, refType, target), `${role} got ${ref} through _include=${include}`)
        }
        if (res.status === 200 && !mayRead(role, type, 'other'))
          assertNoLeak(res.body, `${role} _include=${include}`)
      }
      for (const rev of TYPE_POLICIES[type].revinclude) {
        const res = await call('GET', `${type}?_revinclude=${rev}&_count=100`)
        assert.ok(
          res.status === 200 || res.status === 403,
          `${role} ${type} _revinclude=${rev}: ${res.status}`,
        )
        for (const ref of includedRefs(res.json)) {
          const [refType, refId] = ref.split('/') as [ResourceType, string]
          const target = refId === ids[refType]?.other ? 'other' : 'own'
          assert.ok(mayRead(role, refType, target), `${role} got ${ref} through _revinclude=${rev}`)
        }
      }
    }
  }
})

test('type history and $everything stay within what the caller may see; a receptionist gets no clinical types', async () => {
  for (const role of MATRIX_ROLES) {
    for (const type of RESOURCE_TYPES) {
      const res = await callers[role]('GET', `${type}/_history?_count=100`)
      if (!TYPE_POLICIES[type].read.includes(role)) {
        assert.equal(res.status, 403, `${role} ${type}/_history`)
        continue
      }
      const seen = (res.json['entry'] as Array<{ resource?: { id: string } }> | undefined) ?? []
      for (const e of seen) {
        if (e.resource)
          assert.ok(
            e.resource.id !== ids[type].other || mayRead(role, type, 'other'),
            `${role} ${type}/_history`,
          )
      }
    }
    for (const target of ['own', 'other'] as const) {
      const patientId = target === 'own' ? people.patientA.id : people.patientB.id
      const res = await callers[role]('GET', `Patient/${patientId}/$everything`)
      const allowed = (role === 'patient' || role === 'clinician') && target === 'own'
      assert.equal(
        res.status >= 200 && res.status < 300,
        allowed,
        `${role} $everything ${target}: ${res.status}`,
      )
      if (!allowed) assertNoLeak(res.body, `${role} $everything ${target}`)
    }
  }
  const reception = callers.reception
  for (const type of RESOURCE_TYPES) {
    const policy = TYPE_POLICIES[type]
    if (policy.compartment !== 'shared' && policy.scope === 'clinical') {
      assert.equal((await reception('GET', `${type}?_count=1`)).status, 403, `reception ${type}`)
      assert.equal((await reception('GET', `${type}/${ids[type].own}`)).status, 403, `reception ${type} read`)
    }
  }
})

test("deletes: only where the policy allows, and never another patient's record", async () => {
  for (const type of RESOURCE_TYPES) {
    for (const role of MATRIX_ROLES) {
      for (const target of ['other', 'random'] as const) {
        const res = await attempt(role, type, target, 'delete')
        const allowed = mayWrite(role, type, target, 'delete')
        assert.equal(
          res.status >= 200 && res.status < 300,
          allowed,
          `${role} delete ${type} (${target}): ${res.status}`,
        )
        assertNoLeak(res.body, `${role} delete ${type}`)
      }
    }
  }
})
