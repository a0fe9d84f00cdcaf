import { Link } from 'wouter'
import { EmptyState } from '../components/EmptyState.tsx'
import { PageHeader } from '../components/PageHeader.tsx'

/** Placeholder until the identity work adds password reset. */
export function ForgotPasswordPage() {
  return (
    <>
      <PageHeader title="Reset your password" />
      <EmptyState title="Nothing here yet">
        <p>Password reset is coming soon. Until then, ask your clinic to help you get back in.</p>
        <p>
          <Link href="/sign-in">Back to sign in</Link>
        </p>
      </EmptyState>
    </>
  )
}
