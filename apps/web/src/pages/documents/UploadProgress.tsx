import { useId } from 'react'
import { Button } from '../../components/Button.tsx'
import { Spinner } from '../../components/Spinner.tsx'
import { sizeWords } from './document-words.ts'
import type { UploadState } from './use-upload.ts'

export interface UploadProgressProps {
  state: Extract<UploadState, { status: 'sending' | 'saving' }>
  onCancel: () => void
}

/**
 * A native <progress> (a progressbar with its value as an attribute: no style attribute, which the
 * CSP would refuse) and the same figures in words: bytes sent and percent.
 */
export function UploadProgress({ state, onCancel }: UploadProgressProps) {
  const labelId = useId()
  const saving = state.status === 'saving'
  const sent = saving ? state.fileSize : state.sent
  const percent = saving ? 100 : state.percent
  return (
    <div className="upload-progress">
      <p className="upload-progress__name" id={labelId}>
        Uploading <span className="upload-progress__file">{state.fileName}</span>
      </p>
      <progress className="upload-progress__bar" max={100} value={percent} aria-labelledby={labelId}>
        {percent}%
      </progress>
      <p className="upload-progress__figures">
        <span>
          {sizeWords(sent)} of {sizeWords(state.fileSize)}
        </span>
        <span className="upload-progress__percent">{percent}%</span>
      </p>
      {saving ? (
        <p className="upload-progress__saving">
          <Spinner /> All sent. Checking and saving it securely…
        </p>
      ) : (
        <Button variant="secondary" onPress={onCancel}>
          Cancel upload
        </Button>
      )}
    </div>
  )
}
