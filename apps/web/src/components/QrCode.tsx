import { useMemo } from 'react'
import { encode } from 'uqr'

export interface QrCodeProps {
  /** What to encode, e.g. an otpauth:// URI. Never leaves the browser. */
  value: string
  /** The image's accessible name. */
  label: string
}

/**
 * A QR code drawn locally as SVG elements built by React (no image from elsewhere, no innerHTML).
 * Loaded lazily with React.lazy: uqr stays out of the first bundle.
 */
export function QrCode({ value, label }: QrCodeProps) {
  const { size, path } = useMemo(() => {
    const qr = encode(value, { ecc: 'M', border: 4 })
    const parts: string[] = []
    qr.data.forEach((row, y) =>
      row.forEach((dark, x) => {
        if (dark) parts.push(`M${x} ${y}h1v1h-1z`)
      }),
    )
    return { size: qr.size, path: parts.join('') }
  }, [value])

  return (
    <svg
      className="qr-code"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${size} ${size}`}
      shapeRendering="crispEdges"
    >
      <rect width={size} height={size} fill="#ffffff" />
      <path d={path} fill="#000000" />
    </svg>
  )
}
