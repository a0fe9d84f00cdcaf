// The audit trail's Ed25519 signing key (Node's crypto), kept sealed under the master key, with a
// version so keys can be rotated and old checkpoints still verify.
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../platform/db/schema.ts'
import type { Clock } from '../platform/clock.ts'
import type { SecretBox } from '../platform/secret-box.ts'

const context = (version: number): string => `audit-signing-key:${version}`

export interface SigningKey {
  version: number
  sign(message: Uint8Array): Buffer
}

export async function currentSigningKey(
  db: Kysely<Database>,
  box: SecretBox,
  clock: Clock,
): Promise<SigningKey> {
  let row = await db.selectFrom('audit_signing_key').selectAll().orderBy('version', 'desc').executeTakeFirst()
  if (!row) {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519')
    const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64')
    await db
      .insertInto('audit_signing_key')
      .values({
        version: 1,
        public_key: publicKey.export({ type: 'spki', format: 'der' }),
        private_key_sealed: box.seal(pkcs8, context(1)),
        created_at: clock.now(),
      })
      .onConflict((oc) => oc.column('version').doNothing())
      .execute()
    row = await db
      .selectFrom('audit_signing_key')
      .selectAll()
      .orderBy('version', 'desc')
      .executeTakeFirstOrThrow()
  }
  const key = createPrivateKey({
    key: Buffer.from(box.open(row.private_key_sealed, context(row.version)), 'base64'),
    format: 'der',
    type: 'pkcs8',
  })
  const version = row.version
  return { version, sign: (message) => sign(null, message, key) }
}

/** Public keys by version, for verification (no master key needed to verify). */
export async function publicKeys(db: Kysely<Database>): Promise<Map<number, KeyObject>> {
  const rows = await db.selectFrom('audit_signing_key').select(['version', 'public_key']).execute()
  return new Map(
    rows.map((r) => [
      r.version,
      createPublicKey({ key: Buffer.from(r.public_key), format: 'der', type: 'spki' }),
    ]),
  )
}

export function verifySignature(key: KeyObject, message: Uint8Array, signature: Uint8Array): boolean {
  return verify(null, message, key, signature)
}
