// The demo clinic's messaging (`tessera seed-demo`): Maria Garcia on Dr Okafor's care team, and one
// conversation she started (with a note from the doctor that only staff see), so the patient's Messages and the clinician's Inbox have something in.
import type { Actor } from '../access/actor.ts'
import type { AppContext } from '../context.ts'
import type { Role } from '../identity/account-table.ts'

const PATIENT = 'maria.garcia@patient.example'
const CLINICIAN = 'dr.okafor@clinic.example'

/** The seed has no session: the services only need the id and the role. */
function seedActor(accountId: string, role: Role): Actor {
  return {
    accountId,
    role,
    prescriber: false,
    specialist: false,
    sessionId: 'seed-demo',
    level: 'full',
    methods: [],
    mfaAt: null,
  }
}

export async function seedMessagingDemo(
  ctx: AppContext,
  users: ReadonlyArray<{ id: string; email: string }>,
): Promise<void> {
  const patient = users.find((u) => u.email === PATIENT)
  const clinician = users.find((u) => u.email === CLINICIAN)
  if (!patient || !clinician) return
  await ctx.db
    .insertInto('care_team')
    .values({
      patient_id: patient.id,
      clinician_id: clinician.id,
      source: 'assignment',
      created_at: ctx.clock.now(),
    })
    .onConflict((oc) => oc.doNothing())
    .execute()
  const { service } = ctx.messaging
  const started = await service.start(seedActor(patient.id, 'patient'), {
    topic: 'clinical',
    subject: 'Side effects after the first week',
    body: 'Hello Dr Okafor, I have felt a little dizzy in the mornings since starting. Is that expected?',
  })
  // An internal note rather than a reply: a reply would queue an email to the demo patient.
  await service.post(seedActor(clinician.id, 'clinician'), started.thread.id, {
    body: 'Mild dizziness is common in week one. Reply with advice to take it with food; review on Friday.',
    internal: true,
  })
}
