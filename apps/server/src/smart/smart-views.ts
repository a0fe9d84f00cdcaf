// Rows to the API's shapes (packages/contracts/src/smart.ts).
import type { ConnectedApp, SmartAppView } from '@tessera/contracts'
import { splitScopes } from './scope-grant.ts'
import { describeScope } from './scope-words.ts'
import type { SmartApp } from './smart-apps.ts'

export function appView(app: SmartApp): SmartAppView {
  return {
    clientId: app.clientId,
    name: app.name,
    type: app.type,
    redirectUris: app.redirectUris,
    scopes: app.scopes,
    createdAt: app.createdAt.toISOString(),
    disabledAt: app.disabledAt?.toISOString() ?? null,
  }
}

interface GrantRow {
  client_id: string
  name: string
  scopes: string
  created_at: Date
  last_used_at: Date | null
}

/** One entry per app (a person may have connected it more than once): newest scopes, first connection. */
export function connectedApps(rows: readonly GrantRow[]): ConnectedApp[] {
  const byApp = new Map<string, ConnectedApp>()
  for (const row of rows) {
    const seen = byApp.get(row.client_id)
    const lastUsed = row.last_used_at?.toISOString() ?? null
    if (!seen) {
      byApp.set(row.client_id, {
        clientId: row.client_id,
        name: row.name,
        scopes: splitScopes(row.scopes).map((scope) => ({ scope, text: describeScope(scope) })),
        connectedAt: row.created_at.toISOString(),
        lastUsedAt: lastUsed,
      })
      continue
    }
    // Rows come newest first: later rows only move the first connection back and the last use forward.
    seen.connectedAt = row.created_at.toISOString()
    if (lastUsed && (!seen.lastUsedAt || lastUsed > seen.lastUsedAt)) seen.lastUsedAt = lastUsed
  }
  return [...byApp.values()]
}
