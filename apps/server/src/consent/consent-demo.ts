// The demo clinic's consent decisions (`tessera seed-demo`): some patients already agreed to
// version 1, so publishing version 2 shows the "asked again" journey; one has answered nothing.
import type { ConsentKind } from '@tessera/contracts'
import type { Actor } from '../access/actor.ts'
import type { ConsentService } from './consent-service.ts'

/** Who agreed to what, by demo email; anyone else has answered nothing yet. */
const DEMO_DECISIONS: Record<string, readonly ConsentKind[]> = {
  'maria.garcia@patient.example': ['privacy-notice', 'telehealth'],
  'tom.nguyen@patient.example': ['privacy-notice', 'telehealth', 'gp-sharing'],
}

/** The patient acting for themselves, as the seed has no session: the store only needs id and role. */
function seedActor(accountId: string): Actor {
  return {
    accountId,
    role: 'patient',
    prescriber: false,
    specialist: false,
    sessionId: 'seed-demo',
    level: 'full',
    methods: [],
    mfaAt: null,
  }
}

export async function seedDemoConsents(
  consent: ConsentService,
  patients: ReadonlyArray<{ id: string; email: string }>,
): Promise<void> {
  const texts = await consent.texts.currentTexts()
  for (const patient of patients) {
    for (const kind of DEMO_DECISIONS[patient.email] ?? []) {
      const text = texts.get(kind)
      if (text) await consent.answer(seedActor(patient.id), text.id, 'accept')
    }
  }
}
