import { OIDC_ERROR_VALUE } from '../../api/oidc.ts'

export const OIDC_ERROR_MESSAGE =
  "Signing in with your organisation's account did not work. Try again or use your password."

/**
 * Whether the server sent the browser back from a failed organisation sign-in (`/sign-in?error=oidc`).
 * Only that fixed value is recognised; nothing from the query is ever shown.
 */
export function readOidcError(): boolean {
  return new URLSearchParams(window.location.search).get('error') === OIDC_ERROR_VALUE
}

/** Drops the query from the address bar, so a reload or a bookmark does not show the error again. */
export function clearUrlQuery(): void {
  const { pathname, search, hash } = window.location
  if (search !== '') window.history.replaceState(window.history.state, '', `${pathname}${hash}`)
}
