// TURN REST credentials for coturn's `use-auth-secret` mode (draft-uberti-behave-turn-rest-00):
//   username   = "<expiry, unix seconds>:<random id>"
//   credential = base64(HMAC-SHA1(static-auth-secret, username))
// coturn recomputes the credential from the username and refuses it once the expiry has passed.
// The random id names nobody (no account id, nothing personal reaches the TURN server's logs).
import { createHmac, randomBytes } from 'node:crypto'
import type { TurnCredentials } from '@tessera/contracts'
import { AppError } from '../platform/errors.ts'
import { TURN_TTL_SECONDS } from './consult-rules.ts'

export function turnCredential(secret: string, username: string): string {
  return createHmac('sha1', secret).update(username).digest('base64')
}

export function issueTurnCredentials(
  config: { turnUrls?: string | undefined; turnSecret?: string | undefined },
  now: Date,
  ttlSeconds = TURN_TTL_SECONDS,
): TurnCredentials {
  if (!config.turnUrls || !config.turnSecret) throw new AppError('not-found', 'No TURN server is configured.')
  const ttl = Math.min(ttlSeconds, TURN_TTL_SECONDS)
  const expiry = Math.floor(now.getTime() / 1000) + ttl
  const username = `${expiry}:${randomBytes(12).toString('base64url')}`
  return {
    urls: config.turnUrls.split(','),
    username,
    credential: turnCredential(config.turnSecret, username),
    ttlSeconds: ttl,
    expiresAt: new Date(expiry * 1000).toISOString(),
  }
}
