// Signing in with a passkey, and using one as the second factor of a signed-in session.
// A passkey that verified its user (UV) proves possession and a PIN or biometric: both factors at
// once (NIST SP 800-63B 5.1.9 multi-factor cryptographic authenticator), so a passkey sign-in makes
// a FULL session. Every refusal gets one answer, whatever the check that failed (the reason goes to
// the log), and counts against the account when the credential names one (S10, S12).
import { verifyAuthenticationResponse } from '@simplewebauthn/server'
import type { AuthenticationResponseJSON } from '@simplewebauthn/server'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AuthenticationResponse, PasskeyRequestOptions } from '@tessera/contracts'
import type { Actor } from '../access/actor.ts'
import { AppError } from '../platform/errors.ts'
import type { IdentityDeps } from './identity-deps.ts'
import type { ClientMeta } from './sign-in-service.ts'
import { clearFailures, isLocked, recordFailure } from './lockout.ts'
import type { PasskeyChallenges } from './passkey-challenge.ts'
import type { ChallengePurpose } from './passkey-tables.ts'
import {
  CEREMONY_TIMEOUT_MS,
  PasskeyRefused,
  refusalOf,
  relyingParty,
  userHandleText,
} from './passkey-relying-party.ts'

export const PASSKEY_REFUSED = 'That passkey could not be used. Try again, or sign in another way.'

interface Expectation {
  purpose: ChallengePurpose
  /** For a step-up: the session whose account must own the credential. */
  actor: Actor | null
}

export class PasskeySignInService {
  constructor(
    private readonly deps: IdentityDeps,
    private readonly challenges: PasskeyChallenges,
  ) {}

  /** Sign-in options: no allowCredentials, the authenticator offers this site's passkeys. */
  async signInOptions(reply: FastifyReply): Promise<PasskeyRequestOptions> {
    const challenge = await this.challenges.issue(reply, 'sign-in', null)
    return this.requestOptions(challenge.value, [])
  }

  /** Signs in with a passkey alone; returns the new session's token. */
  async signIn(
    req: FastifyRequest,
    reply: FastifyReply,
    response: AuthenticationResponse,
    meta: ClientMeta,
  ): Promise<string> {
    const { accountId } = await this.verify(req, reply, response, { purpose: 'sign-in', actor: null })
    const { sessions, clock } = this.deps
    // The browser's old session (say, a password-only one) ends: one browser, one session.
    const previous = await sessions.resolve(req)
    if (previous) await sessions.revoke(previous.sessionId, 'replaced')
    const { token } = await sessions.create({
      accountId,
      level: 'full',
      methods: ['passkey'],
      mfaAt: clock.now(),
      ip: meta.ip,
      userAgent: meta.userAgent,
    })
    return token
  }

  /** Step-up options: only the passkeys of the session's account. */
  async stepUpOptions(actor: Actor, reply: FastifyReply): Promise<PasskeyRequestOptions> {
    const own = await this.deps.db
      .selectFrom('webauthn_credential')
      .select(['id', 'transports'])
      .where('account_id', '=', actor.accountId)
      .execute()
    if (own.length === 0) {
      throw new AppError('invalid', 'This account has no passkey yet.', [
        { path: 'session', message: 'no passkey' },
      ])
    }
    const challenge = await this.challenges.issue(reply, 'step-up', actor.sessionId)
    return this.requestOptions(
      challenge.value,
      own.map((c) => ({ id: c.id, transports: c.transports })),
    )
  }

  /**
   * A passkey as the second factor of this session: completes a password sign-in, or refreshes
   * the step-up time of a full session (S17). Returns the session's new token (no fixation).
   */
  async stepUp(
    actor: Actor,
    req: FastifyRequest,
    reply: FastifyReply,
    response: AuthenticationResponse,
  ): Promise<string> {
    await this.verify(req, reply, response, { purpose: 'step-up', actor })
    return this.deps.sessions.upgrade(actor.sessionId, 'passkey')
  }

  /** PublicKeyCredentialRequestOptionsJSON (W3C WebAuthn L3 section 5.1.6). */
  private requestOptions(
    challenge: string,
    allow: Array<{ id: string; transports: string[] }>,
  ): PasskeyRequestOptions {
    return {
      challenge,
      rpId: relyingParty(this.deps).id,
      timeout: CEREMONY_TIMEOUT_MS,
      userVerification: 'required',
      allowCredentials: allow.map((c) => ({
        id: c.id,
        type: 'public-key' as const,
        transports: c.transports,
      })),
    }
  }

  /** W3C WebAuthn L2 section 7.2, steps 5-21; throws the one generic 401 on any failure. */
  private async verify(
    req: FastifyRequest,
    reply: FastifyReply,
    response: AuthenticationResponse,
    expect: Expectation,
  ): Promise<{ accountId: string }> {
    // Whose failure this is: the session's account for a step-up, else the credential's owner.
    let accountId: string | null = expect.actor?.accountId ?? null
    let counts = true
    try {
      // Taken first, whatever happens next: a challenge is spent by any attempt (single use).
      const taken = await this.challenges.take(req, reply, expect.purpose, expect.actor?.sessionId ?? null)
      const credential = await this.deps.db
        .selectFrom('webauthn_credential')
        .innerJoin('account', 'account.id', 'webauthn_credential.account_id')
        .select([
          'webauthn_credential.id',
          'webauthn_credential.account_id',
          'webauthn_credential.public_key',
          'webauthn_credential.counter',
          'webauthn_credential.transports',
          'account.disabled_at',
          'account.locked_until',
        ])
        .where('webauthn_credential.id', '=', response.id)
        .executeTakeFirst()
      if (!credential) throw new PasskeyRefused('unknown-credential')
      if (expect.actor && credential.account_id !== expect.actor.accountId)
        throw new PasskeyRefused('other-account')
      accountId = credential.account_id
      if (!taken.ok) throw new PasskeyRefused(taken.reason)
      // Section 7.2 step 6: a discoverable sign-in must name its user, and it must be the owner.
      const handle = response.response.userHandle
      if ((expect.actor === null && !handle) || (handle && handle !== userHandleText(credential.account_id)))
        throw new PasskeyRefused('user-handle')

      const rp = relyingParty(this.deps)
      let result: Awaited<ReturnType<typeof verifyAuthenticationResponse>>
      try {
        result = await verifyAuthenticationResponse({
          response: toLibraryShape(response),
          expectedChallenge: taken.value,
          expectedOrigin: rp.origin,
          expectedRPID: rp.id,
          expectedType: 'webauthn.get',
          credential: {
            id: credential.id,
            publicKey: new Uint8Array(credential.public_key),
            counter: Number(credential.counter),
            transports: credential.transports,
          },
          // UP is always required by the library's spec rules; UV is required here (both factors).
          requireUserVerification: true,
        })
      } catch (err) {
        throw new PasskeyRefused(refusalOf(err))
      }
      if (!result.verified) throw new PasskeyRefused('signature')
      if (!result.authenticationInfo.userVerified) throw new PasskeyRefused('user-verification')

      // A valid assertion on a locked or disabled account: refused like any other failure, but it
      // is not a guess, so it does not count (as with a right password on a locked account).
      const now = this.deps.clock.now()
      if (credential.disabled_at || isLocked(credential.locked_until, now)) {
        counts = false
        throw new PasskeyRefused('account-unusable')
      }
      // Compare-and-set, so two racing assertions cannot both move the counter past one value
      // (section 6.1.1: a counter that does not grow suggests a cloned authenticator). Both zero
      // means the authenticator keeps no counter, which is allowed.
      const newCounter = result.authenticationInfo.newCounter
      const moved = await this.deps.db
        .updateTable('webauthn_credential')
        .set({
          counter: newCounter,
          backed_up: result.authenticationInfo.credentialBackedUp,
          last_used_at: now,
        })
        .where('id', '=', credential.id)
        .where((eb) => (newCounter === 0 ? eb('counter', '=', '0') : eb('counter', '<', String(newCounter))))
        .returning('id')
        .executeTakeFirst()
      if (!moved) throw new PasskeyRefused('counter')
      await clearFailures(this.deps, credential.account_id)
      return { accountId: credential.account_id }
    } catch (err) {
      if (!(err instanceof PasskeyRefused)) throw err
      req.log.warn({ purpose: expect.purpose, reason: err.reason }, 'passkey refused')
      if (accountId && counts) await recordFailure(this.deps, accountId)
      throw new AppError('unauthenticated', PASSKEY_REFUSED, [
        { path: 'body/response', message: 'not accepted' },
      ])
    }
  }
}

/** The validated body in the library's type (the schema already bounded every field). */
function toLibraryShape(response: AuthenticationResponse): AuthenticationResponseJSON {
  const r = response.response
  return {
    id: response.id,
    rawId: response.rawId,
    type: response.type,
    clientExtensionResults: {},
    response: {
      clientDataJSON: r.clientDataJSON,
      authenticatorData: r.authenticatorData,
      signature: r.signature,
      ...(r.userHandle ? { userHandle: r.userHandle } : {}),
    },
  }
}
