import type { PatientConsentItem, PatientConsents } from '@tessera/contracts'
import { useId, useRef, useState } from 'react'
import { Link } from 'wouter'
import { consentApi } from '../../api/consent.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { formatDate } from '../../lib/format-time.ts'
import { toSubmitErrors } from '../../lib/submit-errors.ts'
import { ConsentBody } from './ConsentBody.tsx'
import {
  ACCEPT_LABEL,
  DECLINE_LABEL,
  requirementSentence,
  stateSentence,
  statusBadge,
} from './consent-words.ts'

export interface ConsentReviewCardProps {
  item: PatientConsentItem & { text: NonNullable<PatientConsentItem['text']> }
  privacyHref: string
  onAnswered: (consents: PatientConsents, message: string) => void
}

/** One consent text to read, with its answer buttons (or, once agreed, the text to read again). */
export function ConsentReviewCard({ item, privacyHref, onAnswered }: ConsentReviewCardProps) {
  const headingId = useId()
  const heading = useRef<HTMLHeadingElement>(null)
  const [pending, setPending] = useState<'accept' | 'decline' | null>(null)
  const [error, setError] = useState<string | null>(null)
  const { text, state } = item
  const agreed = state.status === 'given' && state.current
  const badge = statusBadge(item)

  const answer = async (choice: 'accept' | 'decline'): Promise<void> => {
    setPending(choice)
    setError(null)
    try {
      const consents = await consentApi.answer(text.id, choice)
      onAnswered(
        consents,
        choice === 'accept'
          ? `Thank you. You agreed to “${text.title}” (version ${text.version}).`
          : `Noted: you said no to “${text.title}”. You can change your mind at any time.`,
      )
      // The buttons are gone now; keep the keyboard where the answer was given.
      heading.current?.focus()
    } catch (cause) {
      setError(toSubmitErrors(cause).message)
    } finally {
      setPending(null)
    }
  }

  const body = (
    <div className="consent-text">
      <h3 className="consent-text__title">{text.title}</h3>
      <p className="consent-text__meta">
        Version {text.version}
        {text.publishedAt ? `, published ${formatDate(text.publishedAt)}` : ''}
      </p>
      <ConsentBody body={text.body} headingLevel={4} />
    </div>
  )

  return (
    <section className="card consent-card" aria-labelledby={headingId}>
      <div className="consent-card__head">
        <h2 id={headingId} ref={heading} tabIndex={-1} className="section-title">
          {item.label}
        </h2>
        <span className={`badge badge--${badge.tone}`}>{badge.text}</span>
      </div>
      <p className="muted consent-card__facts">
        {requirementSentence(item)} {stateSentence(state)}
      </p>
      {state.status === 'given' && !state.current ? (
        <Alert tone="info" title="This text has changed">
          <p>
            You agreed to version {state.version}. Please read version {text.version} and tell us if you still
            agree.
          </p>
        </Alert>
      ) : null}
      {agreed ? (
        <details className="consent-card__details">
          <summary>Read what you agreed to</summary>
          {body}
        </details>
      ) : (
        body
      )}
      <Alert tone="error" title="Your answer was not saved">
        {error}
      </Alert>
      {agreed ? (
        <p className="consent-card__note">
          To withdraw, go to your <Link href={privacyHref}>Privacy page</Link>.
        </p>
      ) : (
        <div className="consent-card__actions">
          <Button
            isPending={pending === 'accept'}
            isDisabled={pending === 'decline'}
            onPress={() => void answer('accept')}
          >
            {ACCEPT_LABEL[item.kind]}
          </Button>
          {item.canDecline && state.status !== 'declined' ? (
            <Button
              variant="secondary"
              isPending={pending === 'decline'}
              isDisabled={pending === 'accept'}
              onPress={() => void answer('decline')}
            >
              {DECLINE_LABEL}
            </Button>
          ) : null}
        </div>
      )}
    </section>
  )
}
