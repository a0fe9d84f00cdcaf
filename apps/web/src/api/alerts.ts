// Misuse alerts (S23): the privacy officer reviews them; the admin may read them.
import type {
  MisuseAlertList,
  MisuseAlertQuery,
  MisuseAlertView,
  ReviewMisuseAlertBody,
} from '@tessera/contracts'
import { api } from './client.ts'

export const alertsApi = {
  list: (query: MisuseAlertQuery, signal?: AbortSignal) => {
    const search = query.status ? `?status=${encodeURIComponent(query.status)}` : ''
    return api.get<MisuseAlertList>(`/api/alerts${search}`, signal ? { signal } : {})
  },
  review: (alertId: string, body: ReviewMisuseAlertBody) =>
    api.patch<MisuseAlertView>(`/api/alerts/${encodeURIComponent(alertId)}`, body),
}
