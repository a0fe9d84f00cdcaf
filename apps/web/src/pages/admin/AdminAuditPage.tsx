import { useCallback, useState } from 'react'
import { auditApi, type AuditFilterValues } from '../../api/audit.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Loading } from '../../components/Loading.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import type { Area } from '../../lib/areas.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import { AuditExport } from './audit/AuditExport.tsx'
import { AuditFilterForm } from './audit/AuditFilterForm.tsx'
import { AuditResults } from './audit/AuditResults.tsx'
import './audit/audit.css'

export const AUDIT_PAGE_SIZE = 50

export interface AdminAuditPageProps {
  area: Area
}

/**
 * Audit search for the admin and the privacy officer: who accessed which record, when, from where
 * and why, newest first, a page at a time; exports after a fresh second factor.
 */
export function AdminAuditPage({ area }: AdminAuditPageProps) {
  const [filters, setFilters] = useState<AuditFilterValues>({})
  // Cursors of the pages visited so far; the last one is on screen ('' is the first page).
  const [cursors, setCursors] = useState<string[]>([''])
  const cursor = cursors.at(-1) ?? ''
  // The previous results stay on screen while a new search runs; this says one is running.
  const [searching, setSearching] = useState(false)
  const load = useCallback(
    async (signal: AbortSignal) => {
      setSearching(true)
      try {
        return await auditApi.events(
          filters,
          { limit: AUDIT_PAGE_SIZE, ...(cursor ? { cursor } : {}) },
          signal,
        )
      } finally {
        if (!signal.aborted) setSearching(false)
      }
    },
    [filters, cursor],
  )
  const [page, reload] = useApiData(load)
  const pageNumber = cursors.length
  const first = (pageNumber - 1) * AUDIT_PAGE_SIZE + 1

  const search = (next: AuditFilterValues): void => {
    setFilters(next)
    setCursors([''])
  }

  return (
    <>
      <PageHeader title="Audit" titleContext={area.label}>
        <p>Who accessed which record, when, from where and why. Newest first.</p>
      </PageHeader>
      <div className="stack">
        <section className="card" aria-labelledby="audit-filter-title">
          <h2 id="audit-filter-title" className="section-title">
            Find events
          </h2>
          <AuditFilterForm onSearch={search} />
          <AuditExport filters={filters} />
        </section>

        <section className="card" aria-labelledby="audit-results-title" aria-busy={searching}>
          <h2 id="audit-results-title" className="section-title">
            Events
          </h2>
          {searching ? <Loading label="Searching the audit trail…" /> : null}
          {page.status === 'error' ? (
            <>
              <Alert tone="error" title="We could not load the events">
                {page.message}
              </Alert>
              <Button variant="secondary" onPress={reload}>
                Try again
              </Button>
            </>
          ) : null}
          {page.status === 'ready' && page.data.entries.length === 0 ? (
            <p className="muted">No events match these filters.</p>
          ) : null}
          {page.status === 'ready' && page.data.entries.length > 0 ? (
            <>
              <p className="muted" role="status">
                Events {first}–{first + page.data.entries.length - 1}
                {page.data.nextCursor ? ', more below' : ''}
              </p>
              <AuditResults
                entries={page.data.entries}
                caption={`Audit events ${first} to ${first + page.data.entries.length - 1}`}
              />
            </>
          ) : null}
          {page.status === 'ready' ? (
            <nav className="button-row audit-paging" aria-label="Pages of events">
              <Button
                variant="secondary"
                isDisabled={pageNumber === 1}
                onPress={() => setCursors((all) => all.slice(0, -1))}
              >
                Newer events
              </Button>
              <Button
                variant="secondary"
                isDisabled={!page.data.nextCursor}
                onPress={() => {
                  const next = page.data.nextCursor
                  if (next) setCursors((all) => [...all, next])
                }}
              >
                Older events
              </Button>
            </nav>
          ) : null}
        </section>
      </div>
    </>
  )
}
