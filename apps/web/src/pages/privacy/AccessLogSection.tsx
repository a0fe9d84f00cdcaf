import { privacyApi } from '../../api/privacy.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Loading } from '../../components/Loading.tsx'
import { useApiData } from '../../lib/use-api-data.ts'
import { OwnDownloadsList } from './OwnDownloadsList.tsx'
import { REASON_WORDS, deviceTimeZone, roleWords, whenWords } from './access-log-words.ts'

/**
 * "Who viewed my record": everyone at the clinic who opened it, newest first, in plain words.
 * Emergency (break-glass) access shows the reason the clinician gave, as they wrote it. The
 * patient's own copies of their data are listed after it ("Copies you downloaded").
 */
export interface AccessLogSectionProps {
  /** Changes after the patient downloaded their data here, so "Copies you downloaded" shows it. */
  downloadsKey?: number
}

export function AccessLogSection({ downloadsKey = 0 }: AccessLogSectionProps) {
  const [log, reload] = useApiData(privacyApi.accessLog)

  return (
    <section className="card" aria-labelledby="access-log-title">
      <h2 id="access-log-title" className="section-title">
        Who viewed my record
      </h2>
      <p className="muted">
        Everyone at the clinic who opened your record, and why. Newest first; times are in your time zone (
        {deviceTimeZone()}).
      </p>
      {log.status === 'loading' ? <Loading label="Loading who viewed your record…" /> : null}
      {log.status === 'error' ? (
        <>
          <Alert tone="error" title="We could not load this list">
            {log.message}
          </Alert>
          <Button variant="secondary" onPress={reload}>
            Try again
          </Button>
        </>
      ) : null}
      {log.status === 'ready' && log.data.entries.length === 0 ? (
        <p className="access-log__empty">No one has opened your record yet.</p>
      ) : null}
      {log.status === 'ready' && log.data.entries.length > 0 ? (
        <ul className="access-log" aria-label="Who viewed my record">
          {log.data.entries.map((entry) => (
            <li key={`${entry.at}-${entry.who}-${entry.what}`} className="access-log__item">
              <p className="access-log__who">
                <span className="access-log__name">{entry.who}</span>
                <span className="badge">{roleWords(entry)}</span>
                {entry.why === 'emergency' ? (
                  <span className="badge badge--warning">Emergency access</span>
                ) : null}
              </p>
              <dl className="access-log__facts">
                <dt>What</dt>
                <dd>{entry.what}</dd>
                <dt>Why</dt>
                <dd>
                  {REASON_WORDS[entry.why]}
                  {entry.reason ? (
                    <span className="access-log__reason"> Reason given: “{entry.reason}”</span>
                  ) : null}
                </dd>
                <dt>When</dt>
                <dd>
                  <time dateTime={entry.at}>{whenWords(entry)}</time>
                </dd>
              </dl>
            </li>
          ))}
        </ul>
      ) : null}
      {log.status === 'ready' && log.data.truncated ? (
        <p className="muted">
          Only the most recent views are shown. The clinic can give you the full record.
        </p>
      ) : null}
      <OwnDownloadsList refreshKey={downloadsKey} />
    </section>
  )
}
