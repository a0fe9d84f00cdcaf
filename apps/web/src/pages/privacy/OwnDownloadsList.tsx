import { useEffect } from 'react'
import type { PrivacyDownload } from '@tessera/contracts'
import { privacyExportApi } from '../../api/privacy-export.ts'
import { Alert } from '../../components/Alert.tsx'
import { Loading } from '../../components/Loading.tsx'
import { useApiData } from '../../lib/use-api-data.ts'
import { whenWords } from './access-log-words.ts'

export interface OwnDownloadsListProps {
  /** Changes after a download on this page, to show it at once. */
  refreshKey: number
}

function what(download: PrivacyDownload): string {
  if (download.byApp) return 'An app you connected downloaded your health record (FHIR file)'
  return download.kind === 'all-data'
    ? 'You downloaded all your data (record and documents)'
    : 'You downloaded your health record (FHIR file)'
}

/** "Copies you downloaded": copies of the whole record taken by the patient or their apps. */
export function OwnDownloadsList({ refreshKey }: OwnDownloadsListProps) {
  const [list, reload] = useApiData(privacyExportApi.downloads)
  useEffect(() => {
    if (refreshKey > 0) reload()
  }, [refreshKey, reload])

  return (
    <div className="own-downloads">
      <h3 id="own-downloads-title" className="own-downloads__title">
        Copies you downloaded
      </h3>
      {list.status === 'loading' ? <Loading label="Loading your downloads…" /> : null}
      {list.status === 'error' ? <Alert tone="error">{list.message}</Alert> : null}
      {list.status === 'ready' && list.data.downloads.length === 0 ? (
        <p className="muted">You have not downloaded a copy of your data.</p>
      ) : null}
      {list.status === 'ready' && list.data.downloads.length > 0 ? (
        <ul className="access-log" aria-labelledby="own-downloads-title">
          {list.data.downloads.map((download) => (
            <li key={`${download.at}-${download.kind}`} className="access-log__item">
              <p className="access-log__what">{what(download)}</p>
              <p className="muted">
                <time dateTime={download.at}>
                  {whenWords({ at: download.at, firstAt: download.at, count: 1 })}
                </time>
              </p>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}
