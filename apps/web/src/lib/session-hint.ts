// A hint, kept in localStorage, that this browser signed in before. It is not a credential (the
// session cookie is httpOnly and decides everything); it only lets public pages skip asking
// GET /api/session when nobody has signed in here, so a first visit makes no request that fails.
const KEY = 'tessera.signed-in'

export function hasSessionHint(): boolean {
  try {
    return window.localStorage.getItem(KEY) === '1'
  } catch {
    return false
  }
}

export function setSessionHint(present: boolean): void {
  try {
    if (present) window.localStorage.setItem(KEY, '1')
    else window.localStorage.removeItem(KEY)
  } catch {
    // Storage can be blocked (private mode, policy); the hint is an optimisation only.
  }
}
