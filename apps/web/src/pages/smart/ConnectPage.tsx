import { Link } from 'wouter'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Loading } from '../../components/Loading.tsx'
import { useSession } from '../../lib/session.tsx'
import { SignInPage } from '../SignInPage.tsx'
import { ConsentCard } from './ConsentCard.tsx'

export interface ConnectPageProps {
  requestId: string
}

/**
 * An outside app asked to connect (SMART on FHIR). Signed out, or half-way through signing in, the
 * sign-in form shows here in place, so the person comes back to this request without leaving the
 * page; fully signed in, they see what the app asks for and decide.
 */
export function ConnectPage({ requestId }: ConnectPageProps) {
  const { state, refresh } = useSession()

  switch (state.status) {
    case 'loading':
      return <Loading label="Checking your sign-in…" />
    case 'error':
      return (
        <>
          <Alert tone="error" title="We could not check whether you are signed in">
            {state.message}
          </Alert>
          <Button onPress={() => void refresh()}>Try again</Button>
        </>
      )
    case 'signed-out':
      return <SignInFirst />
    case 'active':
      if (state.stage === 'mfa') return <SignInFirst />
      if (state.stage === 'enrol')
        return (
          <Alert tone="info" title="Set up a second way to sign in first">
            Apps can connect once your account has a second factor. <Link href="/enrol">Set it up now</Link>,
            then start again from the app.
          </Alert>
        )
      return <ConsentCard requestId={requestId} view={state.view} />
  }
}

function SignInFirst() {
  return (
    <>
      <Alert tone="info">
        An app is asking to connect to your Tessera account. Sign in, and you will see what it asks for before
        anything is shared.
      </Alert>
      <SignInPage />
    </>
  )
}
