import type { SessionView } from '@tessera/contracts'
import { PageHeader } from '../components/PageHeader.tsx'
import type { Area } from '../lib/areas.ts'
import { ChangePasswordCard } from './security/ChangePasswordCard.tsx'
import { SessionsCard } from './security/SessionsCard.tsx'
import { SignInMethodsCard } from './security/SignInMethodsCard.tsx'

export interface SecurityPageProps {
  area: Area
  view: SessionView
}

/** Every role's own security: devices and sessions, sign-in methods, password. */
export function SecurityPage({ area, view }: SecurityPageProps) {
  return (
    <>
      <PageHeader title="Security" titleContext={area.label}>
        <p>Where you are signed in, how you prove it is you, and your password.</p>
      </PageHeader>
      <div className="stack">
        <SessionsCard />
        <SignInMethodsCard view={view} />
        <ChangePasswordCard view={view} />
      </div>
    </>
  )
}
