// The patient's privacy centre: who viewed their record.
import type { AccessLog } from '@tessera/contracts'
import { api } from './client.ts'

export const privacyApi = {
  /** Always the signed-in patient's own log (the server takes no id). */
  accessLog: (signal?: AbortSignal) =>
    api.get<AccessLog>('/api/privacy/access-log', signal ? { signal } : {}),
}
