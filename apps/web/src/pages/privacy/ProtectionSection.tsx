import { Link } from 'wouter'

export interface ProtectionSectionProps {
  /** The Security page, where sign-in methods and the password are changed. */
  securityHref: string
}

/**
 * "How your data is protected", in plain words. Each line is what the code does (README.md
 * "Security model, in plain words"); change it only when the product changes.
 */
export function ProtectionSection({ securityHref }: ProtectionSectionProps) {
  return (
    <section className="card" aria-labelledby="privacy-protection-title">
      <h2 id="privacy-protection-title" className="section-title">
        How your data is protected
      </h2>
      <ul className="protection-list">
        <li>
          <strong>Video consultations are end-to-end encrypted.</strong> Only you and the people in the call
          hold the keys: the clinic’s server passes the call on but cannot see or hear it. The code you read
          aloud at the start proves nobody is listening in.
        </li>
        <li>
          <strong>Your documents, notes and messages are encrypted</strong> with a key that belongs to your
          record alone, before they are stored. Each document is checked when it is opened, so a damaged or
          altered file is never shown.
        </li>
        <li>
          <strong>Every sign-in needs a second step</strong> — a passkey, an authenticator app or a code sent
          by email — for clinic staff and for you. You can change how you sign in on the{' '}
          <Link href={securityHref}>Security page</Link>.
        </li>
        <li>
          <strong>Staff see only what their work needs.</strong> Your clinicians see your record; reception
          sees your appointments, not your notes. Emergency access needs a written reason, and you see it in
          “Who viewed my record”.
        </li>
        <li>
          <strong>Every look at your record is recorded</strong> in an audit trail that cannot be changed
          without it showing. You can read it at the top of this page.
        </li>
        <li>
          <strong>Your data stays on the clinic’s own servers.</strong> There are no trackers, no advertising
          and no outside AI service; pages load nothing from other websites. Emails and reminders never
          contain health details: they ask you to sign in.
        </li>
      </ul>
    </section>
  )
}
