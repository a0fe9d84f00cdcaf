// Test PNG and HEIC files built in code (see test-files.ts for PDF and JPEG).
import { crc32, deflateSync } from 'node:zlib'
import { CAMERA_MARKER, GPS_MARKER, exifBlock } from './test-files.ts'

// --- PNG ---------------------------------------------------------------------------------------

export function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0)
  return Buffer.concat([head, data, crc])
}

/** Raw RGBA scanlines (filter byte 0) of a width x height image. */
export function pngPixels(width: number, height: number): Buffer {
  const rows: Buffer[] = []
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 4)
    for (let x = 0; x < width; x++) row.writeUInt32BE(((x * 7 + y * 13) * 2654435761) >>> 0, 1 + x * 4)
    rows.push(row)
  }
  return Buffer.concat(rows)
}

export interface PngOptions {
  width?: number
  height?: number
  metadata?: boolean
  trailing?: Buffer
}

export function png(options: PngOptions = {}): Buffer {
  const width = options.width ?? 2
  const height = options.height ?? 2
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr.set([8, 6, 0, 0, 0], 8)
  const metadata = options.metadata
    ? [
        pngChunk('tEXt', Buffer.from(`Comment\0<script>alert('${GPS_MARKER}')</script>`, 'latin1')),
        pngChunk('eXIf', exifBlock().subarray(6)),
        pngChunk('tIME', Buffer.from([0x07, 0xea, 3, 2, 9, 0, 0])),
        pngChunk('iTXt', Buffer.from(`XML:com.adobe.xmp\0\0\0\0\0${GPS_MARKER}`, 'latin1')),
        pngChunk('zTXt', Buffer.concat([Buffer.from('Author\0\0'), deflateSync(CAMERA_MARKER)])),
        pngChunk('prVt', Buffer.from(`<html>${CAMERA_MARKER}</html>`)),
      ]
    : []
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    ...metadata.slice(0, 3),
    pngChunk('pHYs', Buffer.from([0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1])),
    pngChunk('IDAT', deflateSync(pngPixels(width, height))),
    ...metadata.slice(3),
    pngChunk('IEND', Buffer.alloc(0)),
    options.trailing ?? Buffer.alloc(0),
  ])
}

// --- HEIC --------------------------------------------------------------------------------------

function box(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts)
  const head = Buffer.alloc(8)
  head.writeUInt32BE(body.length + 8, 0)
  head.write(type, 4, 'latin1')
  return Buffer.concat([head, body])
}

const fullBox = (type: string, version: number, ...parts: Buffer[]) =>
  box(type, Buffer.from([version, 0, 0, 0]), ...parts)

function infe(id: number, type: string, contentType?: string): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt16BE(id, 0)
  head.write(type, 4, 'latin1')
  const tail = contentType ? Buffer.from(`\0${contentType}\0`) : Buffer.from('\0')
  return fullBox('infe', 2, head, tail)
}

export const HEVC_DATA = Buffer.from('HEVC-IMAGE-DATA:'.repeat(8), 'latin1')

export interface HeicOptions {
  /** Put mdat before meta (a layout that cannot be stripped in one pass). */
  mdatFirst?: boolean
  trailing?: Buffer
  moov?: boolean
}

/** ftyp + meta (hdlr, pitm, iinf with image/Exif/XMP items, iloc) + mdat holding all three. */
export function heic(options: HeicOptions = {}): Buffer {
  const exif = Buffer.concat([Buffer.from([0, 0, 0, 6]), exifBlock()])
  const xmp = Buffer.from(`<x:xmpmeta><exif:GPSLatitude>${GPS_MARKER}</exif:GPSLatitude></x:xmpmeta>`)
  const ftyp = box('ftyp', Buffer.from('heic\0\0\0\0mif1heic', 'latin1'))
  const hdlr = fullBox('hdlr', 0, Buffer.alloc(4), Buffer.from('pict'), Buffer.alloc(12), Buffer.from('\0'))
  const pitm = fullBox('pitm', 0, Buffer.from([0, 1]))
  const iinf = fullBox(
    'iinf',
    0,
    Buffer.from([0, 3]),
    infe(1, 'hvc1'),
    infe(2, 'Exif'),
    infe(3, 'mime', 'application/rdf+xml'),
  )
  const items = [HEVC_DATA, exif, xmp]
  const ilocFor = (mdatPayloadStart: number): Buffer => {
    const entries: Buffer[] = [Buffer.from([0x44, 0x00]), Buffer.from([0, items.length])]
    let offset = mdatPayloadStart
    items.forEach((data, i) => {
      const e = Buffer.alloc(2 + 2 + 2 + 4 + 4)
      e.writeUInt16BE(i + 1, 0)
      e.writeUInt16BE(0, 2)
      e.writeUInt16BE(1, 4)
      e.writeUInt32BE(offset, 6)
      e.writeUInt32BE(data.length, 10)
      entries.push(e)
      offset += data.length
    })
    return fullBox('iloc', 0, ...entries)
  }
  const metaFor = (start: number) => fullBox('meta', 0, hdlr, pitm, iinf, ilocFor(start))
  const mdat = box('mdat', ...items)
  const moov = options.moov ? [box('moov', box('mvhd', Buffer.alloc(20)))] : []
  if (options.mdatFirst) {
    const start = ftyp.length + 8
    return Buffer.concat([ftyp, mdat, metaFor(start), options.trailing ?? Buffer.alloc(0)])
  }
  const metaLength = metaFor(0).length
  const start = ftyp.length + metaLength + 8
  return Buffer.concat([ftyp, metaFor(start), ...moov, mdat, options.trailing ?? Buffer.alloc(0)])
}

export { CAMERA_MARKER, GPS_MARKER }
