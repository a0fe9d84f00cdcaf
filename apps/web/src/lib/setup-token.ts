/**
 * The first-admin setup link carries its one-time token in the URL fragment (`/setup#t=...`).
 * A fragment is never sent to the server, so it stays out of access logs, proxies and Referer
 * headers. The query string is deliberately never read: a token there has already leaked.
 */
export function readSetupToken(hash: string): string | null {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash)
  const token = params.get('t')?.trim()
  return token ? token : null
}

/** Removes the fragment from the address bar and history entry once the token is in memory. */
export function clearUrlFragment(): void {
  const { pathname, search } = window.location
  window.history.replaceState(window.history.state, '', `${pathname}${search}`)
}
