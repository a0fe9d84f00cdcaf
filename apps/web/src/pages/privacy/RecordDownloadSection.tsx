import { useState } from 'react'
import { recordApi } from '../../api/record.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { saveBlob } from '../../lib/download.ts'
import { toSubmitErrors } from '../../lib/submit-errors.ts'

export interface RecordDownloadSectionProps {
  /** The signed-in patient's id (their account id is their record's id). */
  patientId: string
}

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : `${Math.ceil(bytes / 1024)} KB`
}

/** "Download all my data": the whole record as a FHIR file any other clinic's system can read. */
export function RecordDownloadSection({ patientId }: RecordDownloadSectionProps) {
  const [pending, setPending] = useState(false)
  const [result, setResult] = useState<{ tone: 'error' | 'success'; text: string } | null>(null)

  const run = async (): Promise<void> => {
    setPending(true)
    setResult(null)
    try {
      const file = await recordApi.everything(patientId)
      const name = 'my-health-record.fhir.json'
      saveBlob(name, file.blob)
      setResult({ tone: 'success', text: `Downloaded ${name} (${size(file.blob.size)}).` })
    } catch (error) {
      setResult({ tone: 'error', text: toSubmitErrors(error).message })
    } finally {
      setPending(false)
    }
  }

  return (
    <section className="card" aria-labelledby="privacy-download-title">
      <h2 id="privacy-download-title" className="section-title">
        Download your record
      </h2>
      <p>
        Everything the clinic holds about you — details, appointments, notes, results and prescriptions — in
        one file in the FHIR format that other health systems can read. The download is recorded in your
        access log.
      </p>
      <div className="button-row">
        <Button variant="secondary" isPending={pending} onPress={() => void run()}>
          Download my record
        </Button>
      </div>
      <Alert tone="error">{result?.tone === 'error' ? result.text : null}</Alert>
      <Alert tone="success">{result?.tone === 'success' ? result.text : null}</Alert>
    </section>
  )
}
