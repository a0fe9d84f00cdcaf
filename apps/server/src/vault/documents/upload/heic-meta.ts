// Reads a HEIF `meta` box (ISO/IEC 23008-12 9, ISO/IEC 14496-12 8.11) far enough to find where the
// metadata items live: `iinf` says which items are Exif or XMP, `iloc` says where their bytes are.
// Those bytes are then overwritten with zeros (the items stay listed, now empty), which keeps every
// other offset in the file valid: the picture decodes as before, without GPS, camera or time data.
import { refusedContent } from './refusal.ts'

export interface ByteRange {
  start: number
  end: number
}

export interface MetaPlan {
  /** Absolute file ranges to blank (construction method 0). */
  file: ByteRange[]
  /** Ranges inside the meta box's own bytes to blank (method 1: the `idat` box). */
  inMeta: ByteRange[]
}

const cannotStrip = (why: string) =>
  refusedContent(
    `This HEIC photo's location and camera data could not be removed (${why}), so it was not accepted. Export it as a JPEG and upload that.`,
    why,
  )

interface Box {
  type: string
  /** Offset of the box's payload within the buffer. */
  start: number
  end: number
}

function children(buf: Buffer, start: number, end: number): Box[] {
  const out: Box[] = []
  let at = start
  while (at + 8 <= end) {
    let size = buf.readUInt32BE(at)
    const type = buf.toString('latin1', at + 4, at + 8)
    let header = 8
    if (size === 1) {
      if (at + 16 > end) throw cannotStrip('a box is cut short')
      size = Number(buf.readBigUInt64BE(at + 8))
      header = 16
    } else if (size === 0) size = end - at
    if (size < header || at + size > end) throw cannotStrip('a box is cut short')
    out.push({ type, start: at + header, end: at + size })
    at += size
  }
  return out
}

function uint(buf: Buffer, at: number, size: number): number {
  if (size === 0) return 0
  if (size === 4) return buf.readUInt32BE(at)
  if (size === 8) return Number(buf.readBigUInt64BE(at))
  if (size === 2) return buf.readUInt16BE(at)
  throw cannotStrip('an item location uses an unknown field size')
}

function cString(buf: Buffer, at: number, end: number): [string, number] {
  const zero = buf.indexOf(0, at)
  const stop = zero < 0 || zero >= end ? end : zero
  return [buf.toString('utf8', at, stop), stop + 1]
}

/** Ids of the Exif and XMP (`mime` application/rdf+xml) items. */
function metadataItems(buf: Buffer, iinf: Box): Set<number> {
  const version = buf.readUInt8(iinf.start)
  const first = iinf.start + 4 + (version === 0 ? 2 : 4)
  const ids = new Set<number>()
  for (const infe of children(buf, first, iinf.end).filter((b) => b.type === 'infe')) {
    const v = buf.readUInt8(infe.start)
    let at = infe.start + 4
    if (v < 2) {
      const id = buf.readUInt16BE(at)
      const [, afterName] = cString(buf, at + 4, infe.end)
      const [contentType] = cString(buf, afterName, infe.end)
      if (/xmp|rdf|exif/i.test(contentType)) ids.add(id)
      continue
    }
    const id = v === 2 ? buf.readUInt16BE(at) : buf.readUInt32BE(at)
    at += (v === 2 ? 2 : 4) + 2
    const itemType = buf.toString('latin1', at, at + 4)
    if (itemType === 'Exif' || itemType === 'mime') ids.add(id)
  }
  return ids
}

/** Where the given items' bytes are, from `iloc` (ISO/IEC 14496-12 8.11.3). */
function locations(buf: Buffer, iloc: Box, wanted: Set<number>, idat: Box | undefined): MetaPlan {
  const plan: MetaPlan = { file: [], inMeta: [] }
  const v = buf.readUInt8(iloc.start)
  let at = iloc.start + 4
  const sizes = buf.readUInt8(at)
  const more = buf.readUInt8(at + 1)
  const offsetSize = sizes >> 4
  const lengthSize = sizes & 15
  const baseSize = more >> 4
  const indexSize = v === 1 || v === 2 ? more & 15 : 0
  at += 2
  const count = v < 2 ? buf.readUInt16BE(at) : buf.readUInt32BE(at)
  at += v < 2 ? 2 : 4
  for (let i = 0; i < count; i++) {
    const id = v < 2 ? buf.readUInt16BE(at) : buf.readUInt32BE(at)
    at += v < 2 ? 2 : 4
    const method = v === 1 || v === 2 ? buf.readUInt16BE(at) & 15 : 0
    if (v === 1 || v === 2) at += 2
    at += 2 // data_reference_index
    const base = uint(buf, at, baseSize)
    at += baseSize
    const extents = buf.readUInt16BE(at)
    at += 2
    for (let e = 0; e < extents; e++) {
      at += indexSize
      const offset = uint(buf, at, offsetSize)
      const length = uint(buf, at + offsetSize, lengthSize)
      at += offsetSize + lengthSize
      if (at > iloc.end) throw cannotStrip('the item index is cut short')
      if (!wanted.has(id)) continue
      if (length === 0) throw cannotStrip('a metadata item has no stated length')
      if (method === 0) plan.file.push({ start: base + offset, end: base + offset + length })
      else if (method === 1 && idat) {
        const start = idat.start + base + offset
        if (start + length > idat.end) throw cannotStrip('a metadata item lies outside its box')
        plan.inMeta.push({ start, end: start + length })
      } else throw cannotStrip('a metadata item is stored in an unsupported way')
    }
  }
  return plan
}

/** The ranges to blank for a `meta` box held in `buf` (the whole box, header included). */
export function planMetadataRemoval(buf: Buffer, payloadStart: number): MetaPlan {
  try {
    const boxes = children(buf, payloadStart + 4, buf.length)
    const iinf = boxes.find((b) => b.type === 'iinf')
    const iloc = boxes.find((b) => b.type === 'iloc')
    if (!iinf || !iloc) return { file: [], inMeta: [] }
    const wanted = metadataItems(buf, iinf)
    if (wanted.size === 0) return { file: [], inMeta: [] }
    return locations(
      buf,
      iloc,
      wanted,
      boxes.find((b) => b.type === 'idat'),
    )
  } catch (err) {
    if (err instanceof RangeError) throw cannotStrip('its index is damaged')
    throw err
  }
}
