// The key that signs SMART access and ID tokens: ES256 (ECDSA P-256, RFC 7518 3.4), chosen because
// every JOSE library and browser WebCrypto verifies it. Made on first use; the private half is kept
// sealed by the server's secret box (never in clear in the database), the public half published
// at /oauth/jwks. Versioned so a later rotation can keep old keys verifiable until tokens expire.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { calculateJwkThumbprint, type JWK } from 'jose'
import type { Kysely } from 'kysely'
import type { Clock } from '../platform/clock.ts'
import type { Database } from '../platform/db/schema.ts'
import type { SecretBox } from '../platform/secret-box.ts'

export const TOKEN_ALG = 'ES256'
const context = (kid: string): string => `smart-signing-key:${kid}`
/** An unknown `kid` re-reads the table at most this often (a forged header must not cost a query each). */
const RELOAD_EVERY_MS = 60_000

export interface SigningKey {
  kid: string
  privateKey: KeyObject
}

/** An EC P-256 public key as published (RFC 7517). */
export interface PublicJwk {
  kty: string
  crv: string
  x: string
  y: string
  kid: string
  alg: string
  use: string
}

interface PublicKeys {
  byKid: Map<string, KeyObject>
  jwks: PublicJwk[]
  loadedAt: number
}

export class SigningKeys {
  private current: Promise<SigningKey> | undefined
  private published: PublicKeys | undefined

  constructor(
    private readonly db: Kysely<Database>,
    private readonly box: SecretBox,
    private readonly clock: Clock,
  ) {}

  /** The newest key, created (once, whichever process gets there first) when there is none. */
  signingKey(): Promise<SigningKey> {
    this.current ??= this.loadOrCreate().catch((err: unknown) => {
      this.current = undefined
      throw err
    })
    return this.current
  }

  async verificationKey(kid: string): Promise<KeyObject | undefined> {
    const now = Date.now()
    if (
      !this.published ||
      (!this.published.byKid.has(kid) && now - this.published.loadedAt > RELOAD_EVERY_MS)
    )
      this.published = await this.loadPublic(now)
    return this.published.byKid.get(kid)
  }

  async jwks(): Promise<{ keys: PublicJwk[] }> {
    await this.signingKey()
    this.published = await this.loadPublic(Date.now())
    return { keys: this.published.jwks }
  }

  private async loadPublic(now: number): Promise<PublicKeys> {
    const rows = await this.db.selectFrom('smart_signing_key').select(['kid', 'public_jwk']).execute()
    const jwks = rows.map((r) => {
      const { kty, crv, x, y } = r.public_jwk as { kty: string; crv: string; x: string; y: string }
      return { kty, crv, x, y, kid: r.kid, alg: TOKEN_ALG, use: 'sig' }
    })
    const byKid = new Map(
      rows.map((r) => [r.kid, createPublicKey({ key: r.public_jwk as JWK, format: 'jwk' })]),
    )
    return { byKid, jwks, loadedAt: now }
  }

  private async loadOrCreate(): Promise<SigningKey> {
    let row = await this.newest()
    if (!row) {
      const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      const jwk = publicKey.export({ format: 'jwk' }) as JWK
      const kid = await calculateJwkThumbprint(jwk)
      const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
      await this.db
        .insertInto('smart_signing_key')
        .values({
          version: 1,
          kid,
          alg: TOKEN_ALG,
          public_jwk: JSON.stringify(jwk),
          private_key_sealed: this.box.seal(pem, context(kid)),
          created_at: this.clock.now(),
        })
        .onConflict((oc) => oc.column('version').doNothing())
        .execute()
      row = await this.newest()
      if (!row) throw new Error('the SMART signing key could not be stored')
    }
    const privateKey = createPrivateKey(this.box.open(row.private_key_sealed, context(row.kid)))
    return { kid: row.kid, privateKey }
  }

  private newest() {
    return this.db
      .selectFrom('smart_signing_key')
      .select(['kid', 'private_key_sealed'])
      .orderBy('version', 'desc')
      .executeTakeFirst()
  }
}
