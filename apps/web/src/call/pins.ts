// Pinned device keys of the people this browser has called (E2EE.md section 1 and 5): keys are
// pinned on first sight; a different key for a known account blocks sending until the user has
// compared the call's code and confirmed it. Public keys only.
const KEY = 'tessera.consult.pins'

type Pins = Record<string, string[]>

function load(): Pins {
  try {
    const raw = localStorage.getItem(KEY)
    const parsed: unknown = raw ? JSON.parse(raw) : {}
    return typeof parsed === 'object' && parsed !== null ? (parsed as Pins) : {}
  } catch {
    return {}
  }
}

export type PinCheck = 'new' | 'known' | 'changed'

export function checkPin(accountId: string, deviceKey: string): PinCheck {
  const keys = load()[accountId]
  if (!keys || keys.length === 0) return 'new'
  return keys.includes(deviceKey) ? 'known' : 'changed'
}

export function pin(accountId: string, deviceKey: string): void {
  const pins = load()
  const keys = pins[accountId] ?? []
  if (!keys.includes(deviceKey)) pins[accountId] = [...keys, deviceKey].slice(-10)
  localStorage.setItem(KEY, JSON.stringify(pins))
}
