// Test files built in code: PDFs (plain, active, polyglot), a JPEG carrying GPS Exif, XMP, IPTC and
// comments, a PNG with text and eXIf chunks, and a HEIC whose meta box points at Exif and XMP items.
import { deflateSync } from 'node:zlib'

export const GPS_MARKER = 'GPS-LAT-51.50722N'
export const CAMERA_MARKER = 'TesseraCam-SN-0042'

export interface PdfOptions {
  /** Text placed in the page's content stream (e.g. a PHI marker). */
  text?: string
  /** Extra bytes of content, to make a many-segment file. */
  padding?: number
  /** Extra objects, as `<< ... >>` dictionaries (numbered after the page). */
  objects?: string[]
  /** Dictionaries put in a compressed object stream. */
  compressed?: string[]
  /** Raw bytes appended after %%EOF. */
  trailing?: Buffer
}

export function pdf(options: PdfOptions = {}): Buffer {
  const text = options.text ?? 'Summary of care'
  const content = `BT /F1 12 Tf 20 100 Td (${text}) Tj ET\n% ${'x'.repeat(options.padding ?? 0)}\n`
  const bodies: Array<string | Buffer> = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R >>',
    Buffer.from(`<< /Length ${Buffer.byteLength(content)} >>\nstream\n${content}endstream`, 'latin1'),
    ...(options.objects ?? []),
  ]
  if (options.compressed?.length) {
    const first = bodies.length + 2
    const objs = options.compressed.map((d, i) => ({ n: first + i, d }))
    let offsets = ''
    let data = ''
    for (const o of objs) {
      offsets += `${o.n} ${data.length} `
      data += `${o.d}\n`
    }
    const raw = Buffer.from(offsets + data, 'latin1')
    const packed = deflateSync(raw)
    const head = `<< /Type /ObjStm /N ${objs.length} /First ${offsets.length} /Filter /FlateDecode /Length ${packed.length} >>\nstream\n`
    bodies.push(Buffer.concat([Buffer.from(head, 'latin1'), packed, Buffer.from('\nendstream', 'latin1')]))
  }
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')]
  let at = parts[0]!.length
  const xref: number[] = []
  bodies.forEach((body, i) => {
    xref.push(at)
    const bytes = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`, 'latin1'),
      typeof body === 'string' ? Buffer.from(body, 'latin1') : body,
      Buffer.from('\nendobj\n', 'latin1'),
    ])
    parts.push(bytes)
    at += bytes.length
  })
  const table = xref.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')
  parts.push(
    Buffer.from(
      `xref\n0 ${xref.length + 1}\n0000000000 65535 f \n${table}trailer\n<< /Size ${xref.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`,
      'latin1',
    ),
  )
  if (options.trailing) parts.push(options.trailing)
  return Buffer.concat(parts)
}

// --- JPEG --------------------------------------------------------------------------------------

function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0])
  head.writeUInt16BE(payload.length + 2, 2)
  return Buffer.concat([head, payload])
}

/** Exif (big-endian TIFF): IFD0 with Make, Orientation and a GPS IFD pointer; a GPS IFD. */
export function exifBlock(orientation = 6): Buffer {
  const make = Buffer.from(`${CAMERA_MARKER}\0`, 'latin1')
  const gpsText = Buffer.from(`${GPS_MARKER}\0`, 'latin1')
  const ifd0 = 8
  const ifd0Size = 2 + 3 * 12 + 4
  const makeAt = ifd0 + ifd0Size
  const gpsIfd = makeAt + make.length
  const gpsSize = 2 + 1 * 12 + 4
  const gpsTextAt = gpsIfd + gpsSize
  const tiff = Buffer.alloc(gpsTextAt + gpsText.length)
  tiff.write('MM', 0, 'latin1')
  tiff.writeUInt16BE(42, 2)
  tiff.writeUInt32BE(ifd0, 4)
  const entry = (at: number, tag: number, type: number, count: number, value: number, short = false) => {
    tiff.writeUInt16BE(tag, at)
    tiff.writeUInt16BE(type, at + 2)
    tiff.writeUInt32BE(count, at + 4)
    if (short) tiff.writeUInt16BE(value, at + 8)
    else tiff.writeUInt32BE(value, at + 8)
  }
  tiff.writeUInt16BE(3, ifd0)
  entry(ifd0 + 2, 0x010f, 2, make.length, makeAt)
  entry(ifd0 + 14, 0x0112, 3, 1, orientation, true)
  entry(ifd0 + 26, 0x8825, 4, 1, gpsIfd)
  make.copy(tiff, makeAt)
  tiff.writeUInt16BE(1, gpsIfd)
  entry(gpsIfd + 2, 0x001b, 7, gpsText.length, gpsTextAt) // GPSProcessingMethod, as text
  gpsText.copy(tiff, gpsTextAt)
  return Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff])
}

// A complete baseline-arithmetic 1x1 JPEG's tables, frame and scan (the well-known 125-byte file).
const QUANT = Buffer.from(
  '0003020202020203020202030303030406040404040408060605060908' +
    '0a0a090809090a0c0f0c0a0b0e0b09090d110d0e0f101011100a0c12131210130f101010',
  'hex',
)
const FRAME = Buffer.from('080001000101011100', 'hex')
const DAC = Buffer.from('0010100' + '5', 'hex')
const SCAN_HEADER = Buffer.from('010100003f00', 'hex')
export const JPEG_SCAN_DATA = Buffer.from('d2cf20', 'hex')

export interface JpegOptions {
  exif?: boolean
  xmp?: boolean
  comment?: string
  trailing?: Buffer
}

export function jpeg(options: JpegOptions = {}): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from('4a46494600010101004800480000', 'hex')),
    ...(options.exif === false ? [] : [segment(0xe1, exifBlock())]),
    ...(options.xmp
      ? [segment(0xe1, Buffer.from(`http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>${GPS_MARKER}</x:xmpmeta>`))]
      : []),
    segment(0xed, Buffer.from(`Photoshop 3.0\0${CAMERA_MARKER}`, 'latin1')),
    ...(options.comment ? [segment(0xfe, Buffer.from(options.comment, 'latin1'))] : []),
    segment(0xdb, QUANT),
    segment(0xc9, FRAME),
    segment(0xcc, DAC),
    segment(0xda, SCAN_HEADER),
    JPEG_SCAN_DATA,
    Buffer.from([0xff, 0xd9]),
    options.trailing ?? Buffer.alloc(0),
  ])
}
