import type { DocumentView } from '@tessera/contracts'
import { useState } from 'react'
import { documentsApi } from '../../api/documents.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { saveBlob } from '../../lib/download.ts'
import { useProtectedAction } from '../../lib/step-up.tsx'
import { toSubmitErrors } from '../../lib/submit-errors.ts'
import { ReuploadDialog } from './ReuploadDialog.tsx'

export interface ReviewActionsProps {
  document: DocumentView
  onReviewed: () => void
}

/** Verify, ask for a re-upload (with a reason), or download the original. */
export function ReviewActions({ document, onReviewed }: ReviewActionsProps) {
  const protect = useProtectedAction()
  const [pending, setPending] = useState<'verify' | 'download' | null>(null)
  const [asking, setAsking] = useState(false)
  const [result, setResult] = useState<{ tone: 'error' | 'success'; text: string } | null>(null)

  const run = async (kind: 'verify' | 'download', action: () => Promise<string>): Promise<void> => {
    setPending(kind)
    setResult(null)
    try {
      setResult({ tone: 'success', text: await action() })
    } catch (error) {
      setResult({ tone: 'error', text: toSubmitErrors(error).message })
    } finally {
      setPending(null)
    }
  }

  const verify = (): Promise<void> =>
    run('verify', async () => {
      await protect(() => documentsApi.review(document.id, { status: 'verified' }))
      onReviewed()
      return `“${document.title}” is verified. The patient can see that.`
    })

  const save = (): Promise<void> =>
    run('download', async () => {
      const file = await documentsApi.content(document.id)
      saveBlob(file.fileName ?? document.title, file.blob)
      return `Downloaded “${file.fileName ?? document.title}”.`
    })

  return (
    <div className="doc-review">
      <div className="button-row">
        <Button isPending={pending === 'verify'} onPress={() => void verify()}>
          Verify
        </Button>
        <Button variant="secondary" onPress={() => setAsking(true)}>
          Ask for a re-upload
        </Button>
        <Button variant="quiet" isPending={pending === 'download'} onPress={() => void save()}>
          Download
        </Button>
      </div>
      <Alert tone="error">{result?.tone === 'error' ? result.text : null}</Alert>
      <Alert tone="success">{result?.tone === 'success' ? result.text : null}</Alert>
      {asking ? (
        <ReuploadDialog
          documentId={document.id}
          title={document.title}
          onClose={() => setAsking(false)}
          onSaved={() => {
            setResult({ tone: 'success', text: `The patient is asked to upload “${document.title}” again.` })
            onReviewed()
          }}
        />
      ) : null}
    </div>
  )
}
