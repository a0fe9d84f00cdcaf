// PNG, chunk by chunk (PNG 3rd edition, 5.3) as it streams, CRCs checked. Kept: the critical
// chunks and the ancillary ones that change how the image looks (colour, transparency, animation).
// Dropped: eXIf (GPS and camera data), tEXt/iTXt/zTXt (free text, where polyglots hide HTML), tIME,
// and any private or unknown ancillary chunk. Refused: unknown critical chunks, a bad CRC, and
// anything after IEND (a ZIP or script appended to make a polyglot).
import { crc32 } from 'node:zlib'
import { Collector, type Emit, type FormatFilter } from './format-filter.ts'
import { refusedContent } from './refusal.ts'

const KEEP = new Set([
  'IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'cHRM', 'gAMA', 'iCCP', 'sBIT', 'sRGB', 'cICP', 'mDCV',
  'cLLI', 'bKGD', 'hIST', 'pHYs', 'sPLT', 'acTL', 'fcTL', 'fdAT',
]) // prettier-ignore

const MAX_CHUNK = 0x7fffffff

type State = 'signature' | 'header' | 'data' | 'crc' | 'done'

const damaged = (why: string) =>
  refusedContent(`This PNG image is damaged (${why}). Export it again and upload the new file.`, why)

export class PngFilter implements FormatFilter {
  private state: State = 'signature'
  private readonly bytes = new Collector()
  private type = ''
  private keep = false
  private remaining = 0
  private crc = 0
  private chunks = 0

  constructor() {
    this.bytes.want = 8
  }

  write(chunk: Buffer, emit: Emit): void {
    let at = 0
    while (at < chunk.length) {
      if (this.state === 'done') throw trailingData()
      if (this.state === 'data') {
        const n = Math.min(this.remaining, chunk.length - at)
        const part = chunk.subarray(at, at + n)
        this.crc = crc32(part, this.crc)
        if (this.keep) emit(part)
        this.remaining -= n
        at += n
        if (this.remaining === 0) this.toCrc()
        continue
      }
      at = this.bytes.take(chunk, at)
      if (this.bytes.full) this.step(emit)
    }
  }

  end(): void {
    if (this.state !== 'done') throw damaged('it ends before the IEND chunk')
  }

  private step(emit: Emit): void {
    if (this.state === 'signature') {
      emit(this.bytes.drain(8))
      this.state = 'header'
      return
    }
    if (this.state === 'header') return this.onHeader(this.bytes.drain(4), emit)
    if (this.state === 'crc') {
      const crc = this.bytes.drain(8)
      if (crc.readUInt32BE(0) !== this.crc >>> 0) throw damaged(`the ${this.type} chunk fails its checksum`)
      if (this.keep) emit(crc)
      this.chunks++
      this.state = this.type === 'IEND' ? 'done' : 'header'
    }
  }

  private onHeader(header: Buffer, emit: Emit): void {
    const length = header.readUInt32BE(0)
    const typeBytes = header.subarray(4, 8)
    if (length > MAX_CHUNK) throw damaged('a chunk length is impossible')
    if (!typeBytes.every((b) => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)))
      throw damaged('a chunk type is not letters')
    this.type = typeBytes.toString('latin1')
    if (this.chunks === 0 && this.type !== 'IHDR') throw damaged('the first chunk is not IHDR')
    const critical = (typeBytes[0]! & 0x20) === 0
    if (critical && !KEEP.has(this.type)) throw damaged(`unknown critical chunk ${this.type}`)
    this.keep = KEEP.has(this.type)
    this.crc = crc32(typeBytes)
    this.remaining = length
    if (this.keep) emit(header)
    if (length === 0) this.toCrc()
    else this.state = 'data'
  }

  private toCrc(): void {
    this.bytes.want = 4
    this.state = 'crc'
  }
}

function trailingData() {
  return refusedContent(
    'This PNG image has other data hidden after the end of the picture, so it was not accepted. Save or export the image again as a plain PNG and upload that.',
    'data after the end of the image',
  )
}
