// The numbers of the consultation rules, in one place (consult/README.md explains each).
import { AppError } from '../platform/errors.ts'

/** The patient may check in and join from this long before the start... */
export const JOIN_EARLY_MINUTES = 15
/** ...until this long after the booked end (calls overrun). */
export const JOIN_LATE_MINUTES = 60
/** Active device keys per account. */
export const MAX_DEVICES = 10
/** TURN credentials live at most this long (S34: <= 10 minutes). */
export const TURN_TTL_SECONDS = 600
/** Per-connection signalling rate: a bucket of this many messages... */
export const SIGNAL_BURST = 50
/** ...refilled at this many per second. */
export const SIGNAL_PER_SECOND = 50
/** How often an open socket's session is re-checked (and a ping keeps proxies from closing it). */
export const SOCKET_CHECK_MS = 20_000

/** S2: a consultation the caller is not part of looks exactly like one that does not exist. */
export function consultNotFound(): AppError {
  return new AppError('not-found', 'No such consultation.')
}

/** Refused socket upgrades one client address may cause in UPGRADE_WINDOW_MS; past it, 429 at once. */
export const UPGRADE_REFUSALS_PER_ADDRESS = 30
export const UPGRADE_WINDOW_MS = 10 * 60_000
