import type { OutboxMessage } from '@tessera/contracts'
import { adminApi } from '../../api/admin.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Loading } from '../../components/Loading.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import type { Area } from '../../lib/areas.ts'
import { formatDateTime } from '../../lib/format-time.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import { MailText } from './MailText.tsx'

/**
 * The development outbox: mail the server would have sent, kept because no SMTP relay is
 * configured, so verification, reset and invitation links can be followed on a test install.
 */
export function AdminOutboxPage({ area }: { area: Area }) {
  const [data, reload] = useApiData(adminApi.outbox)
  return (
    <>
      <PageHeader title="Outbox" titleContext={area.label}>
        <p>No mail server is set up, so nothing is sent. Messages wait here instead, newest first.</p>
      </PageHeader>
      <Alert tone="info" title="For testing only">
        These messages hold live sign-in links. Set up SMTP before real patients and staff use Tessera.
      </Alert>
      <div className="button-row">
        <Button variant="secondary" onPress={reload}>
          Refresh
        </Button>
      </div>
      {data.status === 'loading' ? <Loading label="Loading the outbox…" /> : null}
      {data.status === 'error' ? (
        <Alert tone="error" title="We could not load the outbox">
          {data.message}
        </Alert>
      ) : null}
      {data.status === 'ready' && data.data.smtpConfigured ? (
        <p>A mail server is configured: mail is sent for real and the outbox is empty.</p>
      ) : null}
      {data.status === 'ready' && !data.data.smtpConfigured && data.data.messages.length === 0 ? (
        <p>No messages yet.</p>
      ) : null}
      {data.status === 'ready' && data.data.messages.length > 0 ? (
        <ul className="stack">
          {data.data.messages.map((message) => (
            <MailItem key={message.id} message={message} />
          ))}
        </ul>
      ) : null}
    </>
  )
}

function MailItem({ message }: { message: OutboxMessage }) {
  return (
    <li className="card mail">
      <h2 className="section-title">{message.subject}</h2>
      <p className="item__meta">
        To {message.to} · {formatDateTime(message.createdAt)}
      </p>
      <MailText text={message.body} />
    </li>
  )
}
