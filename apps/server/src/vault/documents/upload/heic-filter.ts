// HEIC/HEIF, top-level box by box (ISO/IEC 14496-12 4.2) as it streams. `ftyp` and `meta` are held
// (both small) so the metadata items' locations are known before the image data passes; the Exif
// and XMP bytes are then zeroed on the way through (heic-meta.ts). Refused, with a clear message:
// an index after the image data (cannot be stripped in one pass), image sequences (`moov`: Live
// Photo style, with their own metadata tracks), unknown top-level boxes, and anything after the
// last box (a polyglot's appended payload).
import { Collector, type Emit, type FormatFilter } from './format-filter.ts'
import { planMetadataRemoval, type ByteRange } from './heic-meta.ts'
import { refusedContent } from './refusal.ts'

const MAX_FTYP = 4096
const MAX_META = 8 * 1024 * 1024
const STREAMED = new Set(['mdat', 'free', 'skip'])

type State = 'header' | 'largesize' | 'held' | 'streamed'

const damaged = (why: string) =>
  refusedContent(`This HEIC photo is damaged (${why}). Export it again and upload the new file.`, why)

const notAccepted = (why: string) =>
  refusedContent(
    `This HEIC file cannot be accepted (${why}). Export the photo as a JPEG, or as a single still HEIC photo, and upload that.`,
    why,
  )

export class HeicFilter implements FormatFilter {
  private state: State = 'header'
  private readonly bytes = new Collector()
  /** Absolute offset of the next input byte (output offsets are the same: nothing is resized). */
  private pos = 0
  private type = ''
  private header: Buffer = Buffer.alloc(0)
  private remaining = 0
  private toEnd = false
  private blanks: ByteRange[] = []
  private seen = new Set<string>()

  constructor() {
    this.bytes.want = 8
  }

  write(chunk: Buffer, emit: Emit): void {
    let at = 0
    while (at < chunk.length) {
      if (this.state === 'streamed') {
        const n = this.toEnd ? chunk.length - at : Math.min(this.remaining, chunk.length - at)
        emit(this.blank(chunk.subarray(at, at + n), this.pos))
        this.pos += n
        at += n
        if (!this.toEnd) {
          this.remaining -= n
          if (this.remaining === 0) this.nextBox()
        }
        continue
      }
      const before = at
      at = this.bytes.take(chunk, at)
      this.pos += at - before
      if (this.bytes.full) this.step(emit)
    }
  }

  end(): void {
    if (this.state === 'streamed' && this.toEnd) return
    if (this.state !== 'header' || !this.bytes.empty) {
      throw this.seen.has('mdat') && this.state === 'header' ? trailingData() : damaged('it is cut short')
    }
    if (!this.seen.has('meta') || !this.seen.has('mdat')) throw damaged('it has no image')
    if (this.blanks.some((r) => r.end > this.pos)) throw damaged('its metadata lies outside the file')
  }

  private step(emit: Emit): void {
    if (this.state === 'header' || this.state === 'largesize') {
      return this.onHeader(this.bytes.drain(0), emit)
    }
    if (this.state === 'held') {
      const box = Buffer.concat([this.header, this.bytes.drain(0)])
      if (this.type === 'meta') this.prepareMeta(box)
      emit(box)
      this.nextBox()
    }
  }

  private onHeader(bytes: Buffer, emit: Emit): void {
    if (this.state === 'header') {
      this.header = bytes
      this.type = bytes.toString('latin1', 4, 8)
      const size = bytes.readUInt32BE(0)
      if (size === 1) {
        this.bytes.want = 8
        this.state = 'largesize'
        return
      }
      return this.openBox(size, 8, emit)
    }
    this.header = Buffer.concat([this.header, bytes])
    const size = bytes.readBigUInt64BE(0)
    if (size > BigInt(Number.MAX_SAFE_INTEGER)) throw damaged('a box size is impossible')
    this.openBox(Number(size), 16, emit)
  }

  private openBox(size: number, headerSize: number, emit: Emit): void {
    const type = this.type
    if (this.seen.size === 0 && type !== 'ftyp') throw damaged('it does not start with a file type box')
    if (type === 'moov') throw notAccepted('it is an image sequence or moving photo')
    if (type !== 'ftyp' && type !== 'meta' && !STREAMED.has(type)) {
      if (this.seen.has('mdat')) throw trailingData()
      throw notAccepted(`it holds an unexpected "${type.replace(/[^\x20-\x7e]/g, '?')}" part`)
    }
    if (type === 'mdat' && !this.seen.has('meta'))
      throw notAccepted('its image data comes before its index, so its metadata cannot be removed')
    if ((type === 'ftyp' || type === 'meta') && this.seen.has(type)) throw damaged(`two ${type} boxes`)
    this.seen.add(type)
    if (size === 0) {
      if (!STREAMED.has(type)) throw damaged('a box has no size')
      this.toEnd = true
    } else if (size < headerSize) throw damaged('a box size is impossible')
    const body = size === 0 ? 0 : size - headerSize
    if (STREAMED.has(type)) {
      emit(this.header)
      this.remaining = body
      this.state = 'streamed'
      if (body === 0 && !this.toEnd) this.nextBox()
      return
    }
    if (body === 0) throw damaged(`an empty ${type} box`)
    if (body > (type === 'ftyp' ? MAX_FTYP : MAX_META)) throw notAccepted(`its ${type} part is too large`)
    this.bytes.want = body
    this.state = 'held'
  }

  private prepareMeta(box: Buffer): void {
    const plan = planMetadataRemoval(box, this.header.length)
    for (const r of plan.inMeta) box.fill(0, r.start, r.end)
    for (const r of plan.file) {
      if (r.start < this.pos) throw notAccepted('its metadata is stored before its index')
      this.blanks.push(r)
    }
  }

  private nextBox(): void {
    this.bytes.want = 8
    this.state = 'header'
  }

  /** `part` starts at file offset `at`: a copy with any metadata range zeroed, or itself. */
  private blank(part: Buffer, at: number): Buffer {
    let out = part
    for (const r of this.blanks) {
      const from = Math.max(r.start, at)
      const to = Math.min(r.end, at + part.length)
      if (from >= to) continue
      if (out === part) out = Buffer.from(part)
      out.fill(0, from - at, to - at)
    }
    return out
  }
}

function trailingData() {
  return refusedContent(
    'This HEIC photo has other data hidden after the end of the picture, so it was not accepted. Export the photo again and upload that.',
    'data after the end of the image',
  )
}
