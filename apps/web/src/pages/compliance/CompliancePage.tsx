import { useCallback, useState } from 'react'
import { complianceApi } from '../../api/compliance.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Loading } from '../../components/Loading.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import type { Area } from '../../lib/areas.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import { useSession } from '../../lib/session.tsx'
import { ComplianceCheckItem } from './ComplianceCheckItem.tsx'
import { ProcessorDialog } from './ProcessorDialog.tsx'
import { ProcessorItem } from './ProcessorItem.tsx'
import '../../styles/compliance.css'

/** The clinic leader's checklist with live evidence, and the processors register (the admin edits it). */
export function CompliancePage({ area }: { area: Area }) {
  const loadReport = useCallback((signal: AbortSignal) => complianceApi.report(signal), [])
  const loadProcessors = useCallback((signal: AbortSignal) => complianceApi.processors(signal), [])
  const [report, reload] = useApiData(loadReport)
  const [processors, reloadProcessors] = useApiData(loadProcessors)
  const { state } = useSession()
  const canEdit = state.status === 'active' && state.view.account.role === 'admin'
  const [adding, setAdding] = useState(false)
  // A change to the register changes the agreements and egress checks: run them again.
  const changed = useCallback(() => {
    reloadProcessors()
    reload()
  }, [reloadProcessors, reload])

  return (
    <>
      <PageHeader title="Compliance" titleContext={area.label}>
        <p>
          Each check runs now against this clinic's own data and settings. The same checks run with{' '}
          <code>tessera compliance check</code>.
        </p>
      </PageHeader>
      <section className="card" aria-labelledby="checks-title">
        <h2 id="checks-title" className="section-title">
          Checklist
        </h2>
        <Button variant="secondary" onPress={reload}>
          Run the checks again
        </Button>
        {report.status === 'loading' ? <Loading label="Running the checks…" /> : null}
        {report.status === 'error' ? (
          <Alert tone="error" title="We could not run the checks">
            {report.message}
          </Alert>
        ) : null}
        {report.status === 'ready' ? (
          <>
            <p className="muted">Checked at {new Date(report.data.checkedAt).toLocaleString()}.</p>
            <ul className="compliance-list">
              {report.data.checks.map((check) => (
                <ComplianceCheckItem key={check.id} check={check} />
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <section className="card" aria-labelledby="processors-title">
        <h2 id="processors-title" className="section-title">
          Processors
        </h2>
        <p>
          Every outside service the clinic uses. The server connects only to the hosts listed here, to this
          machine and to its own database.
        </p>
        {canEdit ? (
          <Button onPress={() => setAdding(true)}>Add a processor</Button>
        ) : (
          <p className="muted">Only an administrator changes the register.</p>
        )}
        {canEdit && adding ? (
          <ProcessorDialog isOpen onClose={() => setAdding(false)} onSaved={changed} />
        ) : null}
        {processors.status === 'loading' ? <Loading label="Loading processors…" /> : null}
        {processors.status === 'error' ? (
          <Alert tone="error" title="We could not load the processors">
            {processors.message}
          </Alert>
        ) : null}
        {processors.status === 'ready' && processors.data.processors.length === 0 ? (
          <p className="muted">No processors are registered: no data leaves this server.</p>
        ) : null}
        {processors.status === 'ready' && processors.data.processors.length > 0 ? (
          <ul className="item-list" aria-label="Registered processors">
            {processors.data.processors.map((p) => (
              <ProcessorItem
                key={`${p.id}-${p.updatedAt}`}
                processor={p}
                canEdit={canEdit}
                onChanged={changed}
              />
            ))}
          </ul>
        ) : null}
      </section>
    </>
  )
}
