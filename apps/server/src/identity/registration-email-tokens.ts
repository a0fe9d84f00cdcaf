// One-time links sent by email (verify an address, reset a password, accept an invitation). The link
// carries a 256-bit token in its fragment (`#t=`), which browsers never send to a server or put in a
// Referer, so it reaches no log; the database keeps only its SHA-256 (tokens.ts). A token is taken
// inside the caller's transaction, row-locked, so two requests with the same link cannot both win.
import type { Kysely } from 'kysely'
import type { Database } from '../platform/db/schema.ts'
import { AppError } from '../platform/errors.ts'
import type { EmailTokenPurpose } from './identity-tables.ts'
import { generateToken, hashToken, isWellFormedToken } from './tokens.ts'

/** The web pages that read `#t=` and post the token back. */
export const LINK_PATHS: Readonly<Record<EmailTokenPurpose, string>> = {
  'verify-email': '/verify-email',
  'reset-password': '/reset-password',
  invitation: '/invitation',
}

export function emailLink(publicUrl: string, purpose: EmailTokenPurpose, token: string): string {
  return `${publicUrl}${LINK_PATHS[purpose]}#t=${token}`
}

export interface IssuedEmailToken {
  id: string
  token: string
  expiresAt: Date
}

export interface EmailTokenRow {
  id: string
  accountId: string | null
  data: Record<string, unknown>
  expiresAt: Date
  createdAt: Date
}

export async function issueEmailToken(
  db: Kysely<Database>,
  input: {
    purpose: EmailTokenPurpose
    accountId: string | null
    data: Record<string, unknown>
    now: Date
    ttlMs: number
  },
): Promise<IssuedEmailToken> {
  const token = generateToken()
  const expiresAt = new Date(input.now.getTime() + input.ttlMs)
  const row = await db
    .insertInto('email_token')
    .values({
      token_hash: hashToken(token),
      purpose: input.purpose,
      account_id: input.accountId,
      data: JSON.stringify(input.data),
      expires_at: expiresAt,
      created_at: input.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id: String(row.id), token, expiresAt }
}

/**
 * The unused, unexpired token of this purpose, or null. With `lock`, the row stays locked until the
 * transaction ends (use it in the transaction that marks the token used).
 */
export async function findEmailToken(
  db: Kysely<Database>,
  purpose: EmailTokenPurpose,
  token: string,
  now: Date,
  lock = false,
): Promise<EmailTokenRow | null> {
  if (!isWellFormedToken(token)) return null
  let query = db
    .selectFrom('email_token')
    .select(['id', 'account_id', 'data', 'expires_at', 'created_at'])
    .where('token_hash', '=', hashToken(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
  if (lock) query = query.forUpdate()
  const row = await query.executeTakeFirst()
  if (!row || row.expires_at.getTime() <= now.getTime()) return null
  return {
    id: String(row.id),
    accountId: row.account_id,
    data: row.data,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
  }
}

export async function markEmailTokenUsed(db: Kysely<Database>, id: string, now: Date): Promise<void> {
  await db.updateTable('email_token').set({ used_at: now }).where('id', '=', id).execute()
}

/** Ends every unused link of this purpose for an account (a newer link, or the account changed). */
export async function retireEmailTokens(
  db: Kysely<Database>,
  accountId: string,
  purposes: readonly EmailTokenPurpose[],
  now: Date,
): Promise<void> {
  if (purposes.length === 0) return
  await db
    .updateTable('email_token')
    .set({ used_at: now })
    .where('account_id', '=', accountId)
    .where('purpose', 'in', purposes)
    .where('used_at', 'is', null)
    .execute()
}

/** How many links of this purpose an account was sent since `since` (to stop mail floods). */
export async function countRecentEmailTokens(
  db: Kysely<Database>,
  accountId: string,
  purpose: EmailTokenPurpose,
  since: Date,
): Promise<number> {
  const row = await db
    .selectFrom('email_token')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('account_id', '=', accountId)
    .where('purpose', '=', purpose)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Unknown, used and expired links get this one answer: only the link's holder could tell them apart. */
export function invalidLink(): AppError {
  return new AppError(
    'invalid',
    'This link is not valid any more: it was already used, has expired, or a newer one replaced it. Ask for a new link.',
    [{ path: 'body/token', message: 'not valid' }],
  )
}

/** A password the policy refuses, reported on the field it came from. */
export function passwordRefused(field: string, message: string): AppError {
  return new AppError('invalid', message, [{ path: field, message }])
}
