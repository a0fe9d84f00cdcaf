// ctx.consent: patients' consents for the rest of the server (README.md). Decisions are recorded in
// the append-only decision log and, in the same transaction, as FHIR Consent resources written
// through the store as the patient; a withdrawal takes effect in the log first (so it is immediate
// even if the FHIR update after it fails), then marks the earlier Consents inactive.
import { randomUUID } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { Consent } from '@medplum/fhirtypes'
import type {
  ConsentAnswer,
  ConsentKind,
  ConsentRequirement,
  ConsentStateView,
  PatientConsents,
  PatientConsentStates,
} from '@tessera/contracts'
import type { Actor } from '../access/actor.ts'
import type { FhirService } from '../fhir/fhir-service.ts'
import type { Clock } from '../platform/clock.ts'
import type { Database } from '../platform/db/schema.ts'
import { AppError } from '../platform/errors.ts'
import { givenConsentIds, latestDecisions } from './consent-decisions.ts'
import { consentMissing, type MissingConsent } from './consent-errors.ts'
import { CONSENT_KINDS, KIND_POLICY } from './consent-kinds.ts'
import { consentResource, withdrawnConsent } from './consent-resource.ts'
import { needsAnswer, shortfallOf, stateOf, type ConsentState } from './consent-state.ts'
import { ConsentTexts, textView } from './consent-texts.ts'

export type { ConsentState } from './consent-state.ts'

export interface ConsentStates {
  privacyNotice: ConsentState
  telehealth: ConsentState
  gpSharing: ConsentState
}

export interface ConsentDeps {
  db: Kysely<Database>
  clock: Clock
  fhir: FhirService
}

/** What a decision changed: the patient's consents afterwards and the Consent resources written. */
export interface Recorded {
  consents: PatientConsents
  consentIds: string[]
}

type Db = Kysely<Database> | Transaction<Database>

function stateView(state: ConsentState): ConsentStateView {
  return {
    kind: state.kind,
    status: state.status,
    version: state.version,
    at: state.at?.toISOString() ?? null,
    currentVersion: state.currentVersion,
    current: state.current,
  }
}

export class ConsentService {
  readonly texts: ConsentTexts

  constructor(private readonly deps: ConsentDeps) {
    this.texts = new ConsentTexts(deps)
  }

  /** The patient's standing on each kind (never for a patient with no decisions). */
  async states(patientId: string, db: Db = this.deps.db): Promise<Record<ConsentKind, ConsentState>> {
    const latest = await latestDecisions(db, patientId)
    const texts = await this.texts.currentTexts(db)
    const state = (kind: ConsentKind) => stateOf(kind, latest.get(kind), texts.get(kind)?.version ?? null)
    return {
      'privacy-notice': state('privacy-notice'),
      telehealth: state('telehealth'),
      'gp-sharing': state('gp-sharing'),
    }
  }

  async current(patientId: string): Promise<ConsentStates> {
    const s = await this.states(patientId)
    return { privacyNotice: s['privacy-notice'], telehealth: s.telehealth, gpSharing: s['gp-sharing'] }
  }

  /**
   * Throws AppError('forbidden') naming the consent unless it is given, on the newest published
   * version (unless `anyVersion`). Reads the log each time: a withdrawal counts from the next call.
   */
  async assertGiven(patientId: string, kind: ConsentKind, options: { anyVersion?: boolean } = {}) {
    const shortfall = shortfallOf((await this.states(patientId))[kind], options)
    if (shortfall) throw consentMissing([{ kind, shortfall }])
  }

  /** Every kind required before `step` (privacy notice and telehealth before a consultation). */
  async assertRequiredFor(patientId: string, step: Exclude<ConsentRequirement, null>): Promise<void> {
    const states = await this.states(patientId)
    const missing: MissingConsent[] = []
    for (const kind of CONSENT_KINDS) {
      if (KIND_POLICY[kind].requiredBefore !== step) continue
      const shortfall = shortfallOf(states[kind])
      if (shortfall) missing.push({ kind, shortfall })
    }
    if (missing.length) throw consentMissing(missing)
  }

  /** What the patient sees: each kind, the newest text, their standing, and whether to ask now. */
  async forPatient(patientId: string): Promise<PatientConsents> {
    const states = await this.states(patientId)
    const texts = await this.texts.currentTexts()
    return {
      items: CONSENT_KINDS.map((kind) => {
        const text = texts.get(kind)
        return {
          kind,
          label: KIND_POLICY[kind].label,
          requiredBefore: KIND_POLICY[kind].requiredBefore,
          canDecline: KIND_POLICY[kind].canDecline,
          state: stateView(states[kind]),
          text: text ? textView(text) : null,
          needsAnswer: needsAnswer(states[kind]),
        }
      }),
    }
  }

  /** What care staff see (states only); the caller checks the access policy first. */
  async staffView(patientId: string): Promise<PatientConsentStates> {
    const states = await this.states(patientId)
    return {
      patientId,
      states: CONSENT_KINDS.map((kind) => ({
        ...stateView(states[kind]),
        label: KIND_POLICY[kind].staffLabel,
        requiredBefore: KIND_POLICY[kind].requiredBefore,
      })),
    }
  }

  /** The signed-in patient accepts or declines exactly the version they were shown (`textId`). */
  async answer(actor: Actor, textId: string, answer: ConsentAnswer): Promise<Recorded> {
    const patientId = actor.accountId
    const now = this.deps.clock.now()
    const decision = answer === 'accept' ? 'given' : 'declined'
    const written = await this.deps.db.transaction().execute(async (tx) => {
      await lockPatient(tx, patientId)
      const text = await this.texts.published(textId, tx)
      if ((await this.texts.currentTexts(tx)).get(text.kind)?.id !== text.id) {
        throw new AppError('conflict', 'A newer version of this text was published. Read it, then answer.', [
          { path: 'body/textId', message: 'not the current version' },
        ])
      }
      if (decision === 'declined' && !KIND_POLICY[text.kind].canDecline) {
        throw new AppError('invalid', `${KIND_POLICY[text.kind].name} can be accepted or left for later.`, [
          { path: 'body/answer', message: 'cannot be declined' },
        ])
      }
      const latest = (await latestDecisions(tx, patientId)).get(text.kind)
      // A second press of the same button records nothing new.
      if (latest?.textId === text.id && latest.decision === decision) return { kind: text.kind, ids: [] }
      const resource = consentResource(
        patientId,
        { ...text, publishedAt: text.published_at ?? now },
        decision,
        now,
      )
      const stored = await this.deps.fhir.store.create(actor, 'Consent', resource, tx)
      await tx
        .insertInto('consent_decision')
        .values({
          id: randomUUID(),
          patient_id: patientId,
          kind: text.kind,
          text_id: text.id,
          decision,
          consent_id: stored.id,
          decided_by: actor.accountId,
          decided_at: now,
        })
        .execute()
      return { kind: text.kind, ids: [stored.id] }
    })
    // Declining ends any consent of this kind given before (to an older version).
    const ended = decision === 'declined' ? await this.endGiven(actor, written.kind, now) : []
    return { consents: await this.forPatient(patientId), consentIds: [...written.ids, ...ended] }
  }

  /** The signed-in patient withdraws: in force at once; withdrawing again only finishes the record. */
  async withdraw(actor: Actor, kind: ConsentKind): Promise<Recorded> {
    const patientId = actor.accountId
    const now = this.deps.clock.now()
    await this.deps.db.transaction().execute(async (tx) => {
      await lockPatient(tx, patientId)
      const latest = (await latestDecisions(tx, patientId)).get(kind)
      if (latest?.decision === 'withdrawn') return
      if (latest?.decision !== 'given') {
        throw new AppError(
          'conflict',
          `${KIND_POLICY[kind].name} is not given, so there is nothing to withdraw.`,
          [{ path: 'body/kind', message: 'not given' }],
        )
      }
      await tx
        .insertInto('consent_decision')
        .values({
          id: randomUUID(),
          patient_id: patientId,
          kind,
          text_id: latest.textId,
          decision: 'withdrawn',
          consent_id: latest.consentId,
          decided_by: actor.accountId,
          decided_at: now,
        })
        .execute()
    })
    const ended = await this.endGiven(actor, kind, now)
    return { consents: await this.forPatient(patientId), consentIds: ended }
  }

  /** Marks every still-active Consent of this kind inactive (withdrawn at `at`); returns their ids. */
  private async endGiven(actor: Actor, kind: ConsentKind, at: Date): Promise<string[]> {
    const store = this.deps.fhir.store
    const ended: string[] = []
    for (const id of await givenConsentIds(this.deps.db, actor.accountId, kind)) {
      const stored = await store.read(actor, 'Consent', id)
      const resource = JSON.parse(stored.json ?? '{}') as Consent
      if (resource.status !== 'active') continue
      await store.update(actor, 'Consent', id, withdrawnConsent(resource, at), `W/"${stored.versionId}"`)
      ended.push(id)
    }
    return ended
  }
}

/** One decision per patient at a time (a double press or two tabs cannot interleave). */
async function lockPatient(tx: Transaction<Database>, patientId: string): Promise<void> {
  await tx.selectFrom('account').select('id').where('id', '=', patientId).forUpdate().execute()
}
