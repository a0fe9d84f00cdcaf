// PDF: passed through unchanged, but read on the way (pdf-lexer.ts) for what makes a PDF active:
// JavaScript (/JS, /JavaScript, also behind /OpenAction or /AA), /Launch, embedded files, Flash
// (/RichMedia) and XFA forms. Compressed object streams (/ObjStm, where such dictionaries can hide)
// are inflated, with a size cap, and read the same way. Refused as well: encrypted PDFs (nothing
// in them can be checked), a missing %%EOF (cut short), and anything but whitespace after the last
// %%EOF (a ZIP or HTML appended to make a polyglot). This is a careful scanner, not a full PDF
// parser: documents are also only ever served as attachments with nosniff (never rendered inline).
import { constants, inflateSync } from 'node:zlib'
import type { Emit, FormatFilter } from './format-filter.ts'
import { PdfLexer, type StreamStart } from './pdf-lexer.ts'
import { refusedContent } from './refusal.ts'

const ACTIVE: Record<string, string> = {
  JavaScript: 'JavaScript',
  JS: 'JavaScript',
  Launch: 'an action that starts a program',
  EmbeddedFile: 'embedded files',
  EmbeddedFiles: 'embedded files',
  GoToE: 'a link into an embedded file',
  RichMedia: 'embedded media (Flash)',
  XFA: 'an XFA form, which can run scripts',
}

const ENDSTREAM = Buffer.from('endstream', 'latin1')
const MAX_OBJECT_STREAM = 16 * 1024 * 1024
const MAX_INFLATED = 64 * 1024 * 1024
/** Bytes a stream may run past its stated /Length (line ends before `endstream`). */
const LENGTH_SLACK = 16
const OTHER_FILTERS = ['ASCIIHexDecode', 'ASCII85Decode', 'LZWDecode', 'RunLengthDecode', 'AHx', 'A85', 'LZW']

const refused = (why: string, what: string) =>
  refusedContent(
    `This PDF ${what}, so it was not accepted. Open it and print it to a new PDF ("Save as PDF"), then upload that.`,
    why,
  )

export class PdfFilter implements FormatFilter {
  private readonly lexer: PdfLexer
  private stream: { info: StreamStart; bytes: number; parts: Buffer[] | null; tail: Buffer } | null = null
  private eofSeen = false

  constructor() {
    this.lexer = new PdfLexer({
      name: (name) => this.checkName(name),
      streamStart: (info) => this.openStream(info),
      eofMarker: () => {
        this.eofSeen = true
      },
    })
  }

  write(chunk: Buffer, emit: Emit): void {
    emit(chunk)
    let at = 0
    while (at < chunk.length) {
      if (this.stream) at = this.streamData(chunk, at)
      else at = this.lexer.feed(chunk, at)
    }
  }

  end(): void {
    if (this.stream) throw refused('cut short', 'ends in the middle of a section (it may be cut short)')
    this.lexer.finish()
    if (!this.eofSeen) throw refused('no %%EOF', 'is incomplete (it has no end marker)')
    if (this.lexer.sinceEof > 0)
      throw refused('data after %%EOF', 'has other data hidden after its end (a combined or disguised file)')
  }

  private checkName(name: string): void {
    const what = ACTIVE[name]
    if (what) throw refused(`contains ${what}`, `contains ${what}`)
    if (name === 'Encrypt')
      throw refused('encrypted', 'is encrypted or password-protected, so its contents cannot be checked')
  }

  private openStream(info: StreamStart): void {
    const objects = info.names.has('ObjStm')
    if (objects && (info.names.has('Predictor') || OTHER_FILTERS.some((f) => info.names.has(f))))
      throw refused('unsupported object stream', 'is compressed in a way that cannot be checked')
    this.stream = { info, bytes: 0, parts: objects ? [] : null, tail: Buffer.alloc(0) }
  }

  /** Stream data until the first `endstream` (a stated /Length is checked, not trusted). */
  private streamData(chunk: Buffer, at: number): number {
    const s = this.stream!
    const rest = chunk.subarray(at)
    const view = s.tail.length ? Buffer.concat([s.tail, rest]) : rest
    const hit = view.indexOf(ENDSTREAM)
    if (hit < 0) {
      this.collect(s, rest)
      s.bytes += rest.length
      s.tail = Buffer.from(view.subarray(Math.max(0, view.length - (ENDSTREAM.length - 1))))
      return chunk.length
    }
    const used = hit - s.tail.length + ENDSTREAM.length
    this.collect(s, rest.subarray(0, used))
    const dataLength = s.bytes + hit - s.tail.length
    if (s.info.length !== null && dataLength > s.info.length + LENGTH_SLACK)
      throw refused('stream length mismatch', 'is damaged (a section is longer than it says)')
    if (s.parts) this.inspectObjects(Buffer.concat(s.parts).subarray(0, Math.max(0, dataLength)), s.info)
    this.stream = null
    this.lexer.endStream()
    return at + used
  }

  private collect(s: NonNullable<PdfFilter['stream']>, part: Buffer): void {
    if (!s.parts) return
    if (s.bytes + part.length > MAX_OBJECT_STREAM)
      throw refused('object stream too large', 'has a compressed section too large to check')
    s.parts.push(Buffer.from(part))
  }

  /** A compressed object stream: inflate (capped: a compression bomb is refused) and read it. */
  private inspectObjects(data: Buffer, info: StreamStart): void {
    let body = trimLineEnd(data)
    if (info.names.has('FlateDecode') || info.names.has('Fl')) {
      try {
        body = inflateSync(body, { maxOutputLength: MAX_INFLATED, finishFlush: constants.Z_SYNC_FLUSH })
      } catch (err) {
        if (err instanceof RangeError)
          throw refused('inflates too far', 'has a compressed section that expands too far to check')
        throw refused('bad compressed data', 'is damaged (a compressed section cannot be read)')
      }
    }
    const inner = new PdfLexer(
      {
        name: (name) => this.checkName(name),
        streamStart: () => undefined,
        eofMarker: () => undefined,
      },
      false,
    )
    inner.feed(body, 0)
    inner.finish()
  }
}

function trimLineEnd(data: Buffer): Buffer {
  let end = data.length
  if (end > 0 && data[end - 1] === 0x0a) end--
  if (end > 0 && data[end - 1] === 0x0d) end--
  return data.subarray(0, end)
}
