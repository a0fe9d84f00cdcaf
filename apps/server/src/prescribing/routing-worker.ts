// The other half of the transactional outbox (S24): a job committed with each signature becomes the
// pharmacy's Task. Idempotent (the Task's id is derived from the prescription's; the task row is
// unique per prescription), so a crash after this commit and before the job is marked done only
// makes the next attempt a no-op. The same transaction books the overdue check for the new task.
import type { JobHandler } from '../platform/jobs/job-runner.ts'
import { PermanentJobError } from '../platform/jobs/job-runner.ts'
import type { PrescribingDeps } from './prescribing-deps.ts'
import { notify, pharmacistsOf } from './prescribing-mail.ts'
import { taskIdFor, taskResource } from './prescribing-resources.ts'
import { ROUTE_QUEUE } from './prescription-service.ts'

export const OVERDUE_QUEUE = 'prescribing.overdue'
export const OPEN_STATES = ['ready', 'claimed', 'checked'] as const

export function routingHandler(deps: PrescribingDeps): JobHandler {
  return {
    queue: ROUTE_QUEUE,
    run: async (payload) => {
      const prescriptionId = payload['prescriptionId']
      if (typeof prescriptionId !== 'string')
        throw new PermanentJobError('routing job without a prescription')
      await route(deps, prescriptionId)
    },
  }
}

/** Creates the pharmacy task of a signed prescription (no-op when it exists). Returns the task id. */
export async function route(deps: PrescribingDeps, prescriptionId: string): Promise<string | null> {
  return deps.db.transaction().execute(async (tx) => {
    const p = await tx
      .selectFrom('prescription as p')
      .innerJoin('pharmacy as ph', 'ph.id', 'p.pharmacy_id')
      .select(['p.id', 'p.status', 'p.patient_id', 'p.pharmacy_id', 'ph.name as pharmacy_name'])
      .where('p.id', '=', prescriptionId)
      .forUpdate()
      .executeTakeFirst()
    if (!p) throw new PermanentJobError('routing job for an unknown prescription')
    if (p.status === 'draft') throw new PermanentJobError('routing job for an unsigned prescription')
    const id = taskIdFor(p.id)
    const now = deps.clock.now()
    const inserted = await tx
      .insertInto('pharmacy_task')
      .values({
        id,
        prescription_id: p.id,
        pharmacy_id: p.pharmacy_id,
        patient_id: p.patient_id,
        state: 'ready',
        claimed_by: null,
        dispense_id: null,
        reject_reason_sealed: null,
        overdue_at: null,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('prescription_id').doNothing())
      .returning('id')
      .executeTakeFirst()
    if (!inserted) return id
    await deps.store.writeManaged(
      tx,
      'Task',
      id,
      taskResource({
        prescriptionId: p.id,
        patientId: p.patient_id,
        pharmacy: { id: p.pharmacy_id, name: p.pharmacy_name },
        state: 'ready',
        authoredOn: now,
        modified: now,
        dispenseId: null,
      }),
      p.patient_id,
    )
    await deps.jobs.enqueue(
      OVERDUE_QUEUE,
      { taskId: id },
      { runAt: new Date(now.getTime() + deps.taskAlertHours * 3_600_000), dedupeKey: id },
      tx,
    )
    await notify(deps, tx, await pharmacistsOf(tx, p.pharmacy_id), 'pharmacy-queue')
    await deps.audit.record(
      [
        {
          action: 'prescribing.route',
          outcome: 'success',
          actorId: null,
          actorRole: 'system',
          patientId: p.patient_id,
          entities: [`MedicationRequest/${p.id}`, `Task/${id}`],
          purpose: 'pharmacy-routing',
        },
      ],
      tx,
    )
    return id
  })
}

/**
 * "Nothing in the queue can age past a configurable limit without an alert": when a task is still
 * open at its limit, it is flagged (the queue shows it first, marked overdue), its pharmacists are
 * emailed (no detail), and the alert is audited.
 */
export function overdueHandler(deps: PrescribingDeps): JobHandler {
  return {
    queue: OVERDUE_QUEUE,
    run: async (payload) => {
      const taskId = payload['taskId']
      if (typeof taskId !== 'string') throw new PermanentJobError('overdue job without a task')
      await deps.db.transaction().execute(async (tx) => {
        const flagged = await tx
          .updateTable('pharmacy_task')
          .set({ overdue_at: deps.clock.now() })
          .where('id', '=', taskId)
          .where('state', 'in', [...OPEN_STATES])
          .where('overdue_at', 'is', null)
          .returning(['pharmacy_id', 'patient_id'])
          .executeTakeFirst()
        if (!flagged) return
        await notify(deps, tx, await pharmacistsOf(tx, flagged.pharmacy_id), 'pharmacy-overdue')
        await deps.audit.record(
          [
            {
              action: 'pharmacy.task-overdue',
              outcome: 'success',
              actorId: null,
              actorRole: 'system',
              patientId: flagged.patient_id,
              entities: [`Task/${taskId}`],
              purpose: 'pharmacy-routing',
            },
          ],
          tx,
        )
        deps.log.warn({ queue: OVERDUE_QUEUE }, 'a pharmacy task passed its alert limit')
      })
    },
  }
}
