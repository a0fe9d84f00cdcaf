import type { AuditExportFormat } from '@tessera/contracts'
import { useState } from 'react'
import { auditApi, type AuditFilterValues } from '../../../api/audit.ts'
import { Alert } from '../../../components/Alert.tsx'
import { Button } from '../../../components/Button.tsx'
import { saveBlob } from '../../../lib/download.ts'
import { useProtectedAction } from '../../../lib/step-up.tsx'
import { StepUpCancelled } from '../../../lib/step-up-cancelled.ts'
import { toSubmitErrors } from '../../../lib/submit-errors.ts'

export interface AuditExportProps {
  /** The filters of the search on screen: the export holds every matching event, not one page. */
  filters: AuditFilterValues
}

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : `${Math.ceil(bytes / 1024)} KB`
}

/** Export CSV / NDJSON. The server asks for a fresh second factor first (step-up dialog). */
export function AuditExport({ filters }: AuditExportProps) {
  const protect = useProtectedAction()
  const [pending, setPending] = useState<AuditExportFormat | null>(null)
  const [result, setResult] = useState<{ tone: 'error' | 'success'; text: string } | null>(null)

  const run = async (format: AuditExportFormat): Promise<void> => {
    setPending(format)
    setResult(null)
    try {
      const file = await protect(() => auditApi.exportFile(format, filters))
      const name = file.fileName ?? `tessera-audit.${format}`
      saveBlob(name, file.blob)
      setResult({ tone: 'success', text: `Downloaded ${name} (${size(file.blob.size)}).` })
    } catch (error) {
      const text =
        error instanceof StepUpCancelled
          ? 'The export was cancelled: confirming it is you is needed first.'
          : toSubmitErrors(error).message
      setResult({ tone: 'error', text })
    } finally {
      setPending(null)
    }
  }

  return (
    <div className="audit-export">
      <p className="muted">Exports hold every event that matches the filters above, not only this page.</p>
      <div className="button-row">
        <Button variant="secondary" isPending={pending === 'csv'} onPress={() => void run('csv')}>
          Export CSV
        </Button>
        <Button variant="secondary" isPending={pending === 'ndjson'} onPress={() => void run('ndjson')}>
          Export NDJSON
        </Button>
      </div>
      <Alert tone="error">{result?.tone === 'error' ? result.text : null}</Alert>
      <Alert tone="success">{result?.tone === 'success' ? result.text : null}</Alert>
    </div>
  )
}
