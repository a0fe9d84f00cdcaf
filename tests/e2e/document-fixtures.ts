// Small, valid files made in code for the document vault tests: a PNG that looks like a photo of
// an ID card (noisy, so it does not compress and the upload takes long enough to watch), and a
// one-page PDF with a coloured band and a line of text.
import { crc32, deflateSync } from 'node:zlib'

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'ascii')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, crc])
}

/** A deterministic pseudo-random byte source (the same file on every run). */
function noise(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) >>> 0
    return (state >>> 16) & 0xff
  }
}

/** An RGB PNG: a pale card, a dark "photo" square and grey "text" lines, with grain. */
export function idCardPng(width = 480, height = 300): Buffer {
  const rand = noise(7)
  const raw = Buffer.alloc((width * 3 + 1) * height)
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1)
    raw[row] = 0 // filter: none
    for (let x = 0; x < width; x++) {
      const [u, v] = [x / width, y / height]
      const photo = u > 0.06 && u < 0.34 && v > 0.14 && v < 0.79
      const line = u > 0.41 && u < 0.91 && [0.21, 0.36, 0.5, 0.64].some((top) => v >= top && v < top + 0.06)
      const base = photo ? [60, 70, 110] : line ? [90, 90, 95] : [226, 236, 248]
      const grain = (rand() % 48) - 24
      for (let c = 0; c < 3; c++) raw[row + 1 + x * 3 + c] = Math.max(0, Math.min(255, base[c]! + grain))
    }
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8) // 8-bit, truecolour, deflate, adaptive filtering, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 1 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** A one-page A4 PDF 1.4 with a correct cross-reference table. */
export function summaryPdf(text = 'Summary of care - Maria Garcia'): Buffer {
  const content = [
    '0.11 0.31 0.85 rg 50 742 495 60 re f',
    '0.2 0.2 0.2 rg 50 600 300 12 re f 50 570 420 12 re f 50 540 360 12 re f',
    `BT /F1 24 Tf 60 762 Td 1 1 1 rg (${text}) Tj ET`,
  ].join('\n')
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(content)} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]
  let pdf = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(pdf))
    pdf += `${index + 1} 0 obj\n${body}\nendobj\n`
  })
  const xref = Buffer.byteLength(pdf)
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(pdf, 'latin1')
}
