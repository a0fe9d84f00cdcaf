/**
 * Saves text as a file on the person's device: a Blob and an object URL (allowed by the CSP's
 * `blob:`), revoked straight after the click. Nothing is uploaded anywhere.
 */
export function downloadTextFile(fileName: string, text: string): void {
  saveBlob(fileName, new Blob([text], { type: 'text/plain;charset=utf-8' }))
}

/** Saves a file already in memory (an export fetched from our server) the same way. */
export function saveBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.rel = 'noopener'
  document.body.append(link)
  link.click()
  link.remove()
  window.setTimeout(() => URL.revokeObjectURL(url), 0)
}
