import { Label, Meter } from 'react-aria-components'
import { PASSWORD_MIN_LENGTH, type Strength } from '../lib/password-strength.ts'

export interface StrengthMeterProps {
  strength: Strength
  /** id of the advice text, which the password input lists in aria-describedby. */
  adviceId: string
}

const SCORE_LABELS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const

function describe(strength: Strength): { score: number; label: string; advice: string } {
  switch (strength.status) {
    case 'empty':
      return { score: 0, label: 'Not rated yet', advice: `Use at least ${PASSWORD_MIN_LENGTH} characters.` }
    case 'too-short':
      return { score: 0, label: 'Too short', advice: `Use at least ${PASSWORD_MIN_LENGTH} characters.` }
    case 'checking':
      return { score: 0, label: 'Checking…', advice: 'Checking how hard this password is to guess…' }
    case 'unavailable':
      return {
        score: 0,
        label: 'Not rated',
        advice: 'We could not rate this password here; the server will check it.',
      }
    case 'rated': {
      const { score, warning, suggestion } = strength.report
      const fallback =
        score >= 3 ? 'Hard to guess. Good choice.' : 'Easy to guess. Add a few more unrelated words.'
      return {
        score,
        label: SCORE_LABELS[score],
        advice: [warning, suggestion].filter(Boolean).join(' ') || fallback,
      }
    }
  }
}

/**
 * How hard the new password is to guess, rated in the browser (zxcvbn, loaded on demand). The
 * advice is a polite live region: it changes when the rating changes, not on every key.
 */
export function StrengthMeter({ strength, adviceId }: StrengthMeterProps) {
  const { score, label, advice } = describe(strength)
  return (
    <div className="strength">
      <Meter value={score} minValue={0} maxValue={4} valueLabel={label} className="strength__meter">
        {({ valueText }) => (
          <>
            <div className="strength__header">
              <Label className="strength__label">Password strength</Label>
              <span className="strength__value">{valueText}</span>
            </div>
            <div className="strength__track" aria-hidden="true">
              <div className="strength__fill" data-score={strength.status === 'rated' ? score : 'none'} />
            </div>
          </>
        )}
      </Meter>
      <p id={adviceId} className="strength__advice" aria-live="polite">
        {advice}
      </p>
    </div>
  )
}
