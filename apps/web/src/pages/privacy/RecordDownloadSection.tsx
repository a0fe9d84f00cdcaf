import { useRef, useState } from 'react'
import { Label, ProgressBar } from 'react-aria-components'
import { privacyExportApi, type ExportProgress } from '../../api/privacy-export.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { saveBlob } from '../../lib/download.ts'
import { toSubmitErrors } from '../../lib/submit-errors.ts'
import { sizeWords } from './size-words.ts'

export interface RecordDownloadSectionProps {
  /** Called after a download finished (the list of copies taken then shows it). */
  onDownloaded?: () => void
}

type Outcome = { tone: 'error' | 'success'; text: string } | null

const FALLBACK_NAME = 'tessera-my-data.zip'

/**
 * "Download all my data": the whole record (FHIR) and every document in one ZIP, with a progress bar
 * fed by the bytes actually received. Nothing is saved unless every byte arrived.
 */
export function RecordDownloadSection({ onDownloaded }: RecordDownloadSectionProps) {
  const [progress, setProgress] = useState<ExportProgress | null>(null)
  const [outcome, setOutcome] = useState<Outcome>(null)
  const [pending, setPending] = useState(false)
  const controller = useRef<AbortController | null>(null)

  const run = async (): Promise<void> => {
    const abort = new AbortController()
    controller.current = abort
    setPending(true)
    setOutcome(null)
    setProgress({ received: 0, total: null })
    try {
      const file = await privacyExportApi.downloadAll(setProgress, abort.signal)
      const name = file.fileName ?? FALLBACK_NAME
      saveBlob(name, file.blob)
      setOutcome({ tone: 'success', text: `Saved ${name} (${sizeWords(file.blob.size)}).` })
      onDownloaded?.()
    } catch (error) {
      const cancelled = error instanceof DOMException && error.name === 'AbortError'
      setProgress(null)
      setOutcome(
        cancelled
          ? { tone: 'error', text: 'Download cancelled. Nothing was saved.' }
          : { tone: 'error', text: toSubmitErrors(error).message },
      )
    } finally {
      controller.current = null
      setPending(false)
    }
  }

  const percent = progress?.total
    ? Math.min(100, Math.floor((progress.received / progress.total) * 100))
    : null
  return (
    <section className="card" aria-labelledby="privacy-download-title">
      <h2 id="privacy-download-title" className="section-title">
        Download all my data
      </h2>
      <p>
        One file (a ZIP) with everything the clinic holds about you: your health record — details,
        appointments, notes, questionnaires, prescriptions, consents and messages — in the FHIR format other
        health systems can read, and every document you or your clinicians uploaded. A README file inside
        explains what is there.
      </p>
      <p className="muted">
        The downloaded file is not encrypted. Save it somewhere only you can open, and avoid shared computers.
        Each download is listed under “Copies you downloaded” above.
      </p>
      <div className="button-row">
        <Button variant="secondary" isPending={pending} onPress={() => void run()}>
          Download all my data
        </Button>
        {pending ? (
          <Button variant="quiet" onPress={() => controller.current?.abort()}>
            Cancel download
          </Button>
        ) : null}
      </div>
      {progress ? (
        <ProgressBar
          className="export-progress"
          value={percent ?? 0}
          isIndeterminate={percent === null}
          valueLabel={
            progress.total
              ? `${sizeWords(progress.received)} of ${sizeWords(progress.total)} (${percent ?? 0}%)`
              : `${sizeWords(progress.received)} received`
          }
        >
          {({ valueText }) => (
            <>
              <div className="export-progress__header">
                <Label className="export-progress__label">
                  {outcome?.tone === 'success' ? 'Download complete' : 'Downloading your data'}
                </Label>
                <span className="export-progress__value">{valueText}</span>
              </div>
              <div className="export-progress__track" aria-hidden="true">
                <div
                  className="export-progress__fill"
                  data-indeterminate={percent === null ? 'true' : undefined}
                  style={{ width: `${percent ?? 100}%` }}
                />
              </div>
            </>
          )}
        </ProgressBar>
      ) : null}
      <Alert tone="error">{outcome?.tone === 'error' ? outcome.text : null}</Alert>
      <Alert tone="success">{outcome?.tone === 'success' ? outcome.text : null}</Alert>
    </section>
  )
}
