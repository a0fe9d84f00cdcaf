// The forms a new clinic starts with (the demo clinic, tests): the medical cannabis eligibility
// intake, PHQ-9 and GAD-7 from @tessera/questionnaire, imported through the same checks as an
// admin's import, and required of every patient.
import { SEED_QUESTIONNAIRES } from '@tessera/questionnaire'
import type { Actor } from '../access/actor.ts'
import type { IntakeModule } from './intake-module.ts'
import type { StoredQuestionnaire } from './questionnaire-library.ts'

/** The admin account the seed acts as (there is no session: this runs from the command line). */
function seedActor(adminId: string): Actor {
  return {
    accountId: adminId,
    role: 'admin',
    prescriber: false,
    specialist: false,
    sessionId: 'seed',
    level: 'full',
    methods: [],
    mfaAt: null,
  }
}

export async function publishSeedQuestionnaires(
  intake: IntakeModule,
  adminId: string,
): Promise<StoredQuestionnaire[]> {
  const actor = seedActor(adminId)
  const stored: StoredQuestionnaire[] = []
  for (const questionnaire of SEED_QUESTIONNAIRES)
    stored.push(await intake.library.import(actor, structuredClone(questionnaire)))
  await intake.settings.update({ requiredForms: SEED_QUESTIONNAIRES.map((q) => q.url ?? '') })
  return stored
}
