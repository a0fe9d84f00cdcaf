import { useEffect, useState } from 'react'
import type { StrengthReport } from './zxcvbn-checker.ts'

export type { StrengthReport } from './zxcvbn-checker.ts'

/** The server's policy (identity/password-policy.ts): at least 12 characters, no composition rules. */
export const PASSWORD_MIN_LENGTH = 12

export type Strength =
  | { status: 'empty' }
  | { status: 'checking' }
  | { status: 'too-short'; length: number }
  | { status: 'rated'; report: StrengthReport }
  | { status: 'unavailable' }

// The checker is its own chunk, fetched on first use (the module registry keeps it afterwards).
const loadChecker = () => import('./zxcvbn-checker.ts')

const length = (text: string): number => [...text].length

/** Starts fetching the checker early (when a password page opens) so the first rating is quick. */
export function preloadPasswordChecker(): void {
  loadChecker().catch(() => undefined)
}

/**
 * Rates a new password as it is typed, debounced so fast typing does not run the estimator on
 * every key. `userInputs` (name, email) count against the password.
 */
export function usePasswordStrength(password: string, userInputs: readonly string[]): Strength {
  const [rated, setRated] = useState<{ password: string; strength: Strength } | null>(null)
  const inputsKey = userInputs.join('\n')

  useEffect(() => {
    if (length(password) < PASSWORD_MIN_LENGTH) return
    let cancelled = false
    const timer = window.setTimeout(() => {
      loadChecker().then(
        ({ checkPassword }) => {
          if (cancelled) return
          const report = checkPassword(password, inputsKey ? inputsKey.split('\n') : [])
          setRated({ password, strength: { status: 'rated', report } })
        },
        () => {
          if (!cancelled) setRated({ password, strength: { status: 'unavailable' } })
        },
      )
    }, 150)
    return () => {
      cancelled = true
      window.clearTimeout(timer)
    }
  }, [password, inputsKey])

  if (password === '') return { status: 'empty' }
  if (length(password) < PASSWORD_MIN_LENGTH) return { status: 'too-short', length: length(password) }
  return rated?.password === password ? rated.strength : { status: 'checking' }
}
