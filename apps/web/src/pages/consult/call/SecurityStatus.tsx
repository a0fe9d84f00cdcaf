import { Button } from '../../../components/Button.tsx'
import type { CallState } from '../../../call/call-state.ts'

export interface SecurityStatusProps {
  state: CallState
  onVerify: (result: 'match' | 'mismatch') => void
}

/** Always visible: whether the call is end-to-end encrypted, and the code to read aloud. */
export function SecurityStatus({ state, onVerify }: SecurityStatusProps) {
  const { encryption, sas, verification } = state
  const heading =
    encryption === 'stopped'
      ? 'Encryption stopped'
      : encryption === 'encrypted'
        ? 'End-to-end encrypted'
        : 'Setting up end-to-end encryption…'
  return (
    <section className={`call-security call-security--${encryption}`} aria-labelledby="call-security-title">
      <h2 id="call-security-title" className="call-security__title" data-encryption={encryption}>
        {heading}
      </h2>
      {sas ? (
        <div className="call-security__code">
          <p className="call-security__hint">
            Read this code aloud. Everyone in the call must see the same one.
          </p>
          <p className="call-sas" aria-label={`Verification code ${sas.emoji.map((e) => e.name).join(', ')}`}>
            {sas.emoji.map((e, i) => (
              <span key={i} className="call-sas__emoji">
                <span aria-hidden="true">{e.symbol}</span>
                <span className="call-sas__name">{e.name}</span>
              </span>
            ))}
          </p>
          <p className="call-sas__digits">
            Or the numbers: <strong data-sas-digits>{sas.digits}</strong>
          </p>
          {verification === 'unverified' ? (
            <div className="call-security__actions">
              <Button variant="secondary" onPress={() => onVerify('match')}>
                Codes match
              </Button>
              <Button variant="danger" onPress={() => onVerify('mismatch')}>
                Codes differ
              </Button>
            </div>
          ) : (
            <p role="status" className="call-security__verdict">
              {verification === 'match'
                ? 'You confirmed the codes match.'
                : 'You reported that the codes differ. Sending has stopped; end the call and call the clinic.'}
            </p>
          )}
        </div>
      ) : null}
    </section>
  )
}
