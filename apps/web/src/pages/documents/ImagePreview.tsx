import type { DocumentView } from '@tessera/contracts'
import { useEffect, useState } from 'react'

export interface ImagePreviewProps {
  blob: Blob
  contentType: DocumentView['contentType']
  title: string
}

/** An image shown from memory through a blob: URL, revoked when it goes; HEIC only where the browser can. */
export function ImagePreview({ blob, contentType, title }: ImagePreviewProps) {
  const [url, setUrl] = useState<string | null>(null)
  const [failed, setFailed] = useState(false)

  useEffect(() => {
    // Typed as stored: the server sends attachments as octet streams with nosniff.
    const next = URL.createObjectURL(new Blob([blob], { type: contentType }))
    setUrl(next)
    setFailed(false)
    return () => URL.revokeObjectURL(next)
  }, [blob, contentType])

  if (failed) {
    return (
      <p className="doc-preview__note">
        This browser cannot show {contentType === 'image/heic' ? 'HEIC photos' : 'this image'}. Download it to
        view it on this device.
      </p>
    )
  }
  if (!url) return null
  return (
    <figure className="doc-preview">
      <img
        className="doc-preview__image"
        src={url}
        alt={`Preview of ${title}`}
        onError={() => setFailed(true)}
      />
    </figure>
  )
}
