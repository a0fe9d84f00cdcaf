import type { IntakeScore } from '@tessera/contracts'
import { ALERT_WORDS, BAND_WORDS } from './intake-words.ts'

export interface ScoreBoxProps {
  score: IntakeScore
}

/** The ordinal total (PHQ-9 / GAD-7 with their band), and any alert, in words first. */
export function ScoreBox({ score }: ScoreBoxProps) {
  const name = score.instrument ? `${score.instrument} total` : 'Total of the scored answers'
  return (
    <div className="intake-score">
      <p className="intake-score__total">
        {name}: <strong>{score.total}</strong>
        {score.max !== undefined ? ` of ${score.max}` : ` (from ${score.answered} answers)`}
        {score.band ? (
          <>
            {' '}
            <span className={`intake-band intake-band--${score.band}`}>{BAND_WORDS[score.band]}</span>
          </>
        ) : null}
      </p>
      {!score.complete ? (
        <p className="muted intake-score__note">
          {score.answered} of {score.scored} scored questions answered; no band without all of them.
        </p>
      ) : null}
      {score.alerts.map((alert) => (
        <p key={alert} className="intake-flag">
          <strong>Alert.</strong> {ALERT_WORDS[alert] ?? alert}
        </p>
      ))}
    </div>
  )
}
