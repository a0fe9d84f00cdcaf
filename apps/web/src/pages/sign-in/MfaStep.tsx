import type { FactorKind } from '@tessera/contracts'
import { useEffect, useRef } from 'react'
import { Button } from '../../components/Button.tsx'
import { SecondFactorForm } from '../../components/SecondFactorForm.tsx'

export interface MfaStepProps {
  methods: readonly FactorKind[]
  onDone: () => void
  /** Abandons this sign-in (ends the partial session) to start over with another account. */
  onRestart: () => void
  /** Move focus to the step's heading (after the password form was replaced, not on a page load). */
  focusHeading: boolean
  /**
   * The password was checked on this page just now. Otherwise the first step happened earlier: a
   * reload mid-sign-in, or the clinic's own sign-in (OpenID Connect) without a second factor.
   */
  afterPassword: boolean
}

/** The second step of sign-in, shown in place after the password. Focus moves to its heading. */
export function MfaStep({ methods, onDone, onRestart, focusHeading, afterPassword }: MfaStepProps) {
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    if (focusHeading) heading.current?.focus()
  }, [focusHeading])

  return (
    <div className="mfa-step">
      <h2 className="section-title" tabIndex={-1} ref={heading}>
        Confirm it’s you
      </h2>
      <p>
        {afterPassword ? 'Your password was right.' : 'The first step of signing in is done.'} Now use your
        second factor to finish signing in.
      </p>
      {methods.length > 0 ? (
        <SecondFactorForm methods={methods} purpose="sign-in" onDone={onDone} />
      ) : (
        <p>This account has no way to finish signing in. Ask your clinic to reset your sign-in methods.</p>
      )}
      <p className="form__links">
        <Button variant="link" onPress={onRestart}>
          Use a different account
        </Button>
      </p>
    </div>
  )
}
