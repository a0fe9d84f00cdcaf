import type { SmartRefusalReason } from '@tessera/contracts'
import { Link } from 'wouter'
import { Alert } from '../../components/Alert.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'

const REASONS: Record<SmartRefusalReason, string> = {
  'unknown-app': 'This app is not registered with the clinic.',
  'app-disabled': 'The clinic has turned this app off.',
  'redirect-mismatch':
    'The app asked Tessera to send you back to an address the clinic has not registered for it, so Tessera will not.',
  'bad-request': "The app's request was incomplete.",
}

function reasonFromUrl(): string {
  const reason = new URLSearchParams(window.location.search).get('reason')
  // Only the fixed reasons are recognised; nothing else from the address is ever shown.
  return reason && reason in REASONS ? REASONS[reason as SmartRefusalReason] : REASONS['bad-request']
}

/** /oauth/authorize could not trust the app or its return address: say so, and never send the person on. */
export function ConnectRefusedPage() {
  return (
    <>
      <PageHeader title="This app cannot connect" />
      <div className="card">
        <Alert tone="error" title="Nothing was shared">
          {reasonFromUrl()}
        </Alert>
        <p>You can close this page. If you expected this app to work, contact the clinic.</p>
        <p>
          <Link href="/">Go to Tessera</Link>
        </p>
      </div>
    </>
  )
}
