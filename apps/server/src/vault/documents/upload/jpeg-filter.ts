// JPEG, walked marker by marker (ITU-T T.81 Annex B) as it streams. Kept: what decoding needs
// (frame, tables, scans, restart markers), JFIF APP0, the ICC colour profile (APP2) and Adobe APP14,
// plus a fresh Exif block holding only the orientation. Dropped: APP1 Exif (GPS, camera, times) and
// XMP, APP13 IPTC/Photoshop, COM and every other APPn. Refused: anything after the end-of-image
// marker (a polyglot's appended ZIP or HTML), except extra images of a multi-picture file (MPF:
// HDR gain maps, depth maps), which are dropped with the rest of their metadata.
import { exifOrientation, orientationApp1 } from './exif-orientation.ts'
import { Collector, type Emit, type FormatFilter } from './format-filter.ts'
import { refusedContent } from './refusal.ts'

type State = 'soi' | 'marker' | 'code' | 'length' | 'segment' | 'scan' | 'done'

const damaged = (why: string) =>
  refusedContent(`This JPEG image is damaged (${why}). Take the photo again or export it anew.`, why)

const startsWith = (payload: Buffer, text: string): boolean =>
  payload.length >= text.length && payload.toString('latin1', 0, text.length) === text

export class JpegFilter implements FormatFilter {
  private state: State = 'soi'
  private readonly bytes = new Collector()
  private marker = 0
  private heldFF = false
  private frame = false
  private scanned = false
  private multiPicture = false
  private orientationWritten = false
  private trailer: number[] = []

  constructor() {
    this.bytes.want = 2
  }

  write(chunk: Buffer, emit: Emit): void {
    let at = 0
    while (at < chunk.length) {
      if (this.state === 'scan') at = this.scan(chunk, at, emit)
      else if (this.state === 'done') at = this.afterEnd(chunk, at)
      else {
        at = this.bytes.take(chunk, at)
        if (this.bytes.full) this.step(emit)
      }
    }
  }

  end(): void {
    if (this.state !== 'done') throw damaged('it ends before the end-of-image marker')
    if (this.multiPicture && this.trailer.length > 0 && this.trailer.length < 2)
      throw damaged('an extra image is cut short')
  }

  private step(emit: Emit): void {
    switch (this.state) {
      case 'soi':
        emit(this.bytes.drain(1))
        this.state = 'marker'
        return
      case 'marker':
        if (this.bytes.drain(1)[0] !== 0xff) throw damaged('a marker was expected')
        this.state = 'code'
        return
      case 'code':
        return this.onMarker(this.bytes.drain(1)[0]!, emit)
      case 'length': {
        const length = this.bytes.drain(0).readUInt16BE(0)
        if (length < 2) throw damaged('a segment length is impossible')
        this.bytes.want = length - 2
        this.state = 'segment'
        if (length === 2) this.onSegment(Buffer.alloc(0), emit)
        return
      }
      case 'segment':
        return this.onSegment(this.bytes.drain(0), emit)
      default:
        return
    }
  }

  private onMarker(code: number, emit: Emit): void {
    this.bytes.want = 1
    if (code === 0xff) return // fill byte before a marker
    if (code === 0xd9) {
      if (!this.scanned) throw damaged('it has no image data')
      emit(Buffer.from([0xff, 0xd9]))
      this.state = 'done'
      return
    }
    if ((code >= 0xd0 && code <= 0xd7) || code === 0x01) {
      emit(Buffer.from([0xff, code]))
      this.state = 'marker'
      return
    }
    if (code === 0xd8 || code < 0xc0) throw damaged(`unexpected marker 0x${code.toString(16)}`)
    this.marker = code
    this.bytes.want = 2
    this.state = 'length'
  }

  private onSegment(payload: Buffer, emit: Emit): void {
    this.bytes.want = 1
    this.state = 'marker'
    const m = this.marker
    if ((m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) || m === 0xde) this.frame = true
    if (m === 0xda) {
      if (!this.frame) throw damaged('image data comes before the frame header')
      this.scanned = true
      this.state = 'scan'
    }
    if (!this.keep(m, payload, emit)) return
    const header = Buffer.from([0xff, m, 0, 0])
    header.writeUInt16BE(payload.length + 2, 2)
    emit(header)
    emit(payload)
  }

  /** Whether a segment stays; APP1 Exif is replaced by an orientation-only block. */
  private keep(m: number, payload: Buffer, emit: Emit): boolean {
    if (m === 0xfe) return false
    if (m < 0xe0 || m > 0xef) return true
    if (m === 0xe0) return startsWith(payload, 'JFIF\0') || startsWith(payload, 'JFXX\0')
    if (m === 0xe1 && startsWith(payload, 'Exif\0\0') && !this.orientationWritten) {
      const orientation = exifOrientation(payload.subarray(6))
      if (orientation !== null && orientation !== 1) {
        emit(orientationApp1(orientation))
        this.orientationWritten = true
      }
      return false
    }
    if (m === 0xe2 && startsWith(payload, 'MPF\0')) this.multiPicture = true
    if (m === 0xe2) return startsWith(payload, 'ICC_PROFILE\0')
    if (m === 0xee) return startsWith(payload, 'Adobe')
    return false
  }

  /** Entropy-coded data: passes through until a 0xFF that is not stuffing, a restart or fill. */
  private scan(chunk: Buffer, at: number, emit: Emit): number {
    let from = at
    for (; at < chunk.length; at++) {
      const byte = chunk[at]!
      if (!this.heldFF) {
        if (byte === 0xff) {
          if (at > from) emit(chunk.subarray(from, at))
          this.heldFF = true
          from = at + 1
        }
        continue
      }
      if (byte === 0xff) {
        from = at + 1
        continue
      }
      this.heldFF = false
      if (byte === 0x00 || (byte >= 0xd0 && byte <= 0xd7)) {
        emit(Buffer.from([0xff]))
        from = at
        continue
      }
      this.onMarker(byte, emit)
      return at + 1
    }
    if (at > from) emit(chunk.subarray(from, at))
    return at
  }

  /** After end-of-image: padding zeros, or the extra images a multi-picture file announced. */
  private afterEnd(chunk: Buffer, at: number): number {
    for (; at < chunk.length; at++) {
      const byte = chunk[at]!
      if (this.trailer.length >= 2) return chunk.length
      if (byte === 0x00 && this.trailer.length === 0) continue
      if (!this.multiPicture) throw trailingData()
      this.trailer.push(byte)
      if (this.trailer.length === 2 && (this.trailer[0] !== 0xff || this.trailer[1] !== 0xd8))
        throw trailingData()
    }
    return at
  }
}

function trailingData() {
  return refusedContent(
    'This JPEG image has other data hidden after the end of the picture, so it was not accepted. Save or export the photo again as a plain JPEG and upload that.',
    'data after the end of the image',
  )
}
