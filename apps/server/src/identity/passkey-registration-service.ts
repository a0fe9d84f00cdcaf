// Adding a passkey to the signed-in account (W3C WebAuthn L2 section 7.1). The enrolment rules of
// EnrolmentService apply (S7, S13): a password-only session may add one only as the account's first
// factor, a full session needs a second factor in the last 5 minutes; the owner is told.
import { generateRegistrationOptions, verifyRegistrationResponse } from '@simplewebauthn/server'
import type { RegistrationResponseJSON } from '@simplewebauthn/server'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AddPasskeyBody, PasskeyCreationOptions, RegistrationResponse } from '@tessera/contracts'
import type { Actor } from '../access/actor.ts'
import { AppError } from '../platform/errors.ts'
import type { IdentityDeps } from './identity-deps.ts'
import type { EnrolmentService, FactorAdded } from './enrolment-service.ts'
import type { PasskeyChallenges } from './passkey-challenge.ts'
import {
  CEREMONY_TIMEOUT_MS,
  knownTransports,
  PasskeyRefused,
  refusalOf,
  relyingParty,
  SUPPORTED_ALGORITHMS,
  userHandleOf,
} from './passkey-relying-party.ts'

const NOT_ADDED = 'The passkey could not be added. Try again.'

export interface PasskeyRegistered {
  id: string
  label: string
  added: FactorAdded
}

export class PasskeyRegistrationService {
  constructor(
    private readonly deps: IdentityDeps,
    private readonly challenges: PasskeyChallenges,
    private readonly enrolment: EnrolmentService,
  ) {}

  async options(actor: Actor, reply: FastifyReply): Promise<PasskeyCreationOptions> {
    const { db } = this.deps
    await this.enrolment.assertMayAddFactor(actor)
    const account = await db
      .selectFrom('account')
      .select(['email', 'display_name'])
      .where('id', '=', actor.accountId)
      .executeTakeFirstOrThrow()
    const existing = await db
      .selectFrom('webauthn_credential')
      .select(['id', 'transports'])
      .where('account_id', '=', actor.accountId)
      .execute()
    const challenge = await this.challenges.issue(reply, 'register', actor.sessionId)
    const rp = relyingParty(this.deps)
    const options = await generateRegistrationOptions({
      rpName: rp.name,
      rpID: rp.id,
      userName: account.email,
      userID: userHandleOf(actor.accountId),
      userDisplayName: account.display_name,
      challenge: challenge.bytes,
      timeout: CEREMONY_TIMEOUT_MS,
      attestationType: 'none',
      // The same authenticator twice would add nothing but confusion (section 5.4, excludeCredentials).
      excludeCredentials: existing.map((c) => ({ id: c.id, transports: c.transports })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
    })
    return {
      challenge: options.challenge,
      rp: { name: rp.name, id: rp.id },
      user: options.user,
      pubKeyCredParams: options.pubKeyCredParams.map((p) => ({ alg: p.alg, type: 'public-key' as const })),
      timeout: CEREMONY_TIMEOUT_MS,
      attestation: 'none',
      excludeCredentials: (options.excludeCredentials ?? []).map((c) => ({
        id: c.id,
        type: 'public-key' as const,
        ...(c.transports ? { transports: [...c.transports] } : {}),
      })),
      authenticatorSelection: {
        residentKey: 'required',
        requireResidentKey: true,
        userVerification: 'required',
      },
      extensions: { credProps: true },
      hints: [],
    }
  }

  async register(
    actor: Actor,
    req: FastifyRequest,
    reply: FastifyReply,
    body: AddPasskeyBody,
  ): Promise<PasskeyRegistered> {
    const { db, clock } = this.deps
    const label = body.label.trim()
    if (!label)
      throw new AppError('invalid', 'Give the passkey a name.', [{ path: 'body/label', message: 'empty' }])
    await this.enrolment.assertMayAddFactor(actor)
    const credential = await this.verify(req, reply, actor, body.response)
    return db.transaction().execute(async (tx) => {
      // Checked again inside the transaction that adds the factor: the rules hold at that moment.
      await this.enrolment.assertMayAddFactor(actor, tx)
      const inserted = await tx
        .insertInto('webauthn_credential')
        .values({
          id: credential.id,
          account_id: actor.accountId,
          public_key: credential.publicKey,
          counter: credential.counter,
          transports: JSON.stringify(knownTransports(credential.transports)),
          device_type: credential.deviceType,
          backed_up: credential.backedUp,
          label,
          created_at: clock.now(),
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .executeTakeFirst()
      if (!inserted)
        throw new AppError('conflict', 'This passkey is already registered.', [
          { path: 'body/response/id', message: 'already registered' },
        ])
      const added = await this.enrolment.factorAdded(actor, 'passkey', 'passkey', tx)
      return { id: credential.id, label, added }
    })
  }

  /** Section 7.1 steps 5-19 (attestation 'none': no trust path to check). */
  private async verify(
    req: FastifyRequest,
    reply: FastifyReply,
    actor: Actor,
    response: RegistrationResponse,
  ) {
    try {
      const taken = await this.challenges.take(req, reply, 'register', actor.sessionId)
      if (!taken.ok) throw new PasskeyRefused(taken.reason)
      const rp = relyingParty(this.deps)
      let result: Awaited<ReturnType<typeof verifyRegistrationResponse>>
      try {
        result = await verifyRegistrationResponse({
          response: toLibraryShape(response),
          expectedChallenge: taken.value,
          expectedOrigin: rp.origin,
          expectedRPID: rp.id,
          expectedType: 'webauthn.create',
          requireUserPresence: true,
          requireUserVerification: true,
          supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
        })
      } catch (err) {
        throw new PasskeyRefused(refusalOf(err))
      }
      const info = result.registrationInfo
      if (!result.verified || !info) throw new PasskeyRefused('signature')
      if (!info.userVerified) throw new PasskeyRefused('user-verification')
      return {
        id: info.credential.id,
        publicKey: info.credential.publicKey,
        counter: info.credential.counter,
        transports: info.credential.transports,
        deviceType: info.credentialDeviceType,
        backedUp: info.credentialBackedUp,
      }
    } catch (err) {
      if (!(err instanceof PasskeyRefused)) throw err
      req.log.warn({ purpose: 'register', reason: err.reason }, 'passkey refused')
      throw new AppError('invalid', NOT_ADDED, [{ path: 'body/response', message: 'not accepted' }])
    }
  }
}

/** The validated body in the library's type (the schema already bounded every field). */
function toLibraryShape(response: RegistrationResponse): RegistrationResponseJSON {
  const r = response.response
  return {
    id: response.id,
    rawId: response.rawId,
    type: response.type,
    clientExtensionResults: {},
    response: {
      clientDataJSON: r.clientDataJSON,
      attestationObject: r.attestationObject,
      ...(r.transports ? { transports: r.transports } : {}),
    },
  }
}
