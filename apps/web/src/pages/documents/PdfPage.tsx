import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist'
import { useEffect, useRef, useState } from 'react'

/** Canvas width in CSS pixels before the device pixel ratio (the preview is never wider). */
const MAX_WIDTH = 900

export interface PdfPageProps {
  pdf: PDFDocumentProxy
  pageNumber: number
  pageCount: number
  title: string
}

/** One page drawn on a canvas, sized to the column (sharp on high-density screens). */
export function PdfPage({ pdf, pageNumber, pageCount, title }: PdfPageProps) {
  const canvas = useRef<HTMLCanvasElement>(null)
  const [failed, setFailed] = useState(false)

  useEffect(() => {
    let task: RenderTask | null = null
    let cancelled = false
    void (async () => {
      try {
        const page = await pdf.getPage(pageNumber)
        const target = canvas.current
        if (cancelled || !target) return
        const width = Math.min(target.parentElement?.clientWidth ?? MAX_WIDTH, MAX_WIDTH)
        const base = page.getViewport({ scale: 1 })
        const scale = (width / base.width) * Math.min(window.devicePixelRatio || 1, 2)
        const viewport = page.getViewport({ scale })
        // Attributes, not styles: the drawing buffer's size; CSS scales it to the column.
        target.width = Math.floor(viewport.width)
        target.height = Math.floor(viewport.height)
        task = page.render({ canvas: target, viewport })
        await task.promise
      } catch (error) {
        if (!cancelled && !(error instanceof Error && error.name === 'RenderingCancelledException')) {
          setFailed(true)
        }
      }
    })()
    return () => {
      cancelled = true
      task?.cancel()
    }
  }, [pdf, pageNumber])

  const label = `${title}, page ${pageNumber} of ${pageCount}`
  return failed ? (
    <p className="doc-preview__note">Page {pageNumber} could not be drawn.</p>
  ) : (
    <canvas ref={canvas} className="doc-preview__page" role="img" aria-label={label} />
  )
}
