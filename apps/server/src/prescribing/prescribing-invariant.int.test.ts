// S24 invariant: for any interleaving of signing, routing (the worker running or not, and running
// twice), pharmacy steps and rejections, every signed prescription ends with exactly one task, and
// signed = dispensed + rejected + open: none lost, none doubled.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import type { Actor } from '../access/actor.ts'
import {
  drainJobs,
  draftBody,
  prescribingTest,
  SERTRALINE_DETAILS,
  type PrescribingTest,
} from './prescribing-test-kit.ts'

let k: PrescribingTest
before(async () => {
  k = await prescribingTest()
})
after(() => k?.close())

const actor = (id: string, role: 'clinician' | 'pharmacist'): Actor => ({
  accountId: id,
  role,
  prescriber: true,
  specialist: true,
  sessionId: 's',
  level: 'full',
  methods: ['totp'],
  mfaAt: k.t.clock.now(),
})

type Op =
  | { kind: 'sign' }
  | { kind: 'route' }
  | { kind: 'reroute'; pick: number }
  | { kind: 'advance'; pick: number; to: 'dispense' | 'reject' }

test(
  'created = dispensed + rejected + open, under any interleaving (fast-check)',
  { timeout: 600_000 },
  async () => {
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.constant<Op>({ kind: 'sign' }),
      fc.constant<Op>({ kind: 'route' }),
      fc.nat(20).map<Op>((pick) => ({ kind: 'reroute', pick })),
      fc
        .record({ pick: fc.nat(20), to: fc.constantFrom('dispense' as const, 'reject' as const) })
        .map<Op>((r) => ({ kind: 'advance', ...r })),
    )
    const { prescriptions, pharmacy } = k.t.ctx.prescribing
    const route = k.t.ctx.prescribing.handlers[0]!
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 14 }), async (ops) => {
        const signed: string[] = []
        const doctor = actor(k.people.prescriber.id, 'clinician')
        const pharmacist = actor(k.people.pharmacist.id, 'pharmacist')
        for (const o of ops) {
          if (o.kind === 'sign') {
            const d = await prescriptions.draft(
              doctor,
              draftBody(k, 'Codeine phosphate', {
                ...SERTRALINE_DETAILS,
                repeats: 0,
                dose: { value: 30, unit: 'mg' },
              }),
            )
            signed.push((await prescriptions.sign(doctor, d.id, { acknowledge: ['duplicate-therapy'] })).id)
          } else if (o.kind === 'route') {
            await k.t.ctx.jobRunner.runDue()
          } else if (o.kind === 'reroute' && signed.length) {
            // A worker that runs again for a prescription already routed (a crash before "done").
            await route.run({ prescriptionId: signed[o.pick % signed.length]! }, undefined as never)
          } else if (o.kind === 'advance' && signed.length) {
            const id = signed[o.pick % signed.length]!
            const t = await k.t.ctx.db
              .selectFrom('pharmacy_task')
              .select(['id', 'state'])
              .where('prescription_id', '=', id)
              .executeTakeFirst()
            if (!t || t.state !== 'ready') continue
            if (o.to === 'reject') await pharmacy.reject(pharmacist, t.id, { reason: 'Invariant test' })
            else {
              await pharmacy.claim(pharmacist, t.id)
              await pharmacy.check(pharmacist, t.id)
              await pharmacy.dispense(pharmacist, t.id, { batch: 'INV', expiry: '2099-01-01' })
            }
          }
        }
        await drainJobs(k)
        if (!signed.length) return
        const tasks = await k.t.ctx.db
          .selectFrom('pharmacy_task')
          .select(['prescription_id', 'state'])
          .where('prescription_id', 'in', signed)
          .execute()
        const count = (states: string[]) => tasks.filter((t) => states.includes(t.state)).length
        assert.equal(tasks.length, signed.length, 'every signed prescription has its task, exactly one')
        assert.equal(new Set(tasks.map((t) => t.prescription_id)).size, signed.length)
        assert.equal(
          signed.length,
          count(['dispensed', 'shipped', 'collected']) +
            count(['rejected']) +
            count(['ready', 'claimed', 'checked']),
        )
        const failed = await k.t.ctx.jobs.failed('prescribing.route')
        assert.equal(failed.length, 0, 'no routing job failed')
      }),
      { numRuns: 8 },
    )
    // And the FHIR side agrees: one Task resource per task row.
    const rows = await k.t.ctx.db.selectFrom('pharmacy_task').select('id').execute()
    const resources = await k.t.ctx.db
      .selectFrom('fhir_resource')
      .select('id')
      .where('resource_type', '=', 'Task')
      .execute()
    assert.equal(resources.length, rows.length)
  },
)
