// A streaming PDF tokenizer (ISO 32000-1 7.2-7.3), just deep enough to see every name the file
// declares (with #xx escapes decoded, so /J#61vaScript is /JavaScript), which dictionary a stream
// belongs to, and where streams end. Strings and comments are skipped, never read as names.
// It keeps a few bytes of state, whatever the file's size.

export interface StreamStart {
  /** Names in the stream's dictionary (keys and values, nested ones included). */
  names: ReadonlySet<string>
  /** The /Length value when it is a direct integer. */
  length: number | null
}

export interface LexerEvents {
  name(name: string): void
  /** A stream's data begins after this call; `inStream` then receives it until `endstream`. */
  streamStart(info: StreamStart): void
  /** A `%%EOF` comment ended. */
  eofMarker(): void
}

type State = 'normal' | 'comment' | 'name' | 'string' | 'escape' | 'hex' | 'streamEol' | 'stream'

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20])
const DELIMITERS = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25])
const MAX_TOKEN = 128

interface Dict {
  names: Set<string>
  lengthTokens: string[]
  awaitingLength: boolean
}

export class PdfLexer {
  state: State = 'normal'
  private token = ''
  private comment = ''
  private nameBytes: number[] = []
  private stringDepth = 0
  private lt = false
  private gt = false
  private depth = 0
  private dict: Dict | null = null
  /** The dictionary that just closed: a `stream` keyword right after it starts its data. */
  private closed: Dict | null = null
  /** Non-whitespace bytes read since the last `%%EOF` (stream data is not read here). */
  sinceEof = 0

  constructor(
    private readonly events: LexerEvents,
    private readonly streams = true,
  ) {}

  /** Lexes chunk[at..] until the end or until a stream's data starts; returns the new offset. */
  feed(chunk: Buffer, at: number): number {
    for (; at < chunk.length; at++) {
      const b = chunk[at]!
      if (!WHITESPACE.has(b)) this.sinceEof++
      switch (this.state) {
        case 'comment':
          if (b === 0x0a || b === 0x0d) this.endComment()
          else if (this.comment.length < 8) this.comment += String.fromCharCode(b)
          continue
        case 'name':
          if (WHITESPACE.has(b) || DELIMITERS.has(b)) {
            this.endName()
            this.normal(b)
          } else if (this.nameBytes.length < MAX_TOKEN) this.nameBytes.push(b)
          continue
        case 'string':
          if (b === 0x5c) this.state = 'escape'
          else if (b === 0x28) this.stringDepth++
          else if (b === 0x29 && --this.stringDepth === 0) this.state = 'normal'
          continue
        case 'escape':
          this.state = 'string'
          continue
        case 'hex':
          if (b === 0x3e) this.state = 'normal'
          continue
        case 'streamEol':
          this.state = 'stream'
          if (b === 0x0a) return at + 1
          return at
        case 'stream':
          return at
        default:
          this.normal(b)
          // normal() may have started a stream's data (the compiler cannot see the change).
          if ((this.state as State) === 'stream') return at + 1
      }
    }
    return at
  }

  /** The stream's data ended (`endstream` found by the caller): back to tokens. */
  endStream(): void {
    this.state = 'normal'
    this.closed = null
  }

  /** End of input: closes a pending comment (a file may end right after `%%EOF`). */
  finish(): void {
    if (this.state === 'comment') this.endComment()
    if (this.state === 'name') this.endName()
  }

  private normal(b: number): void {
    if (this.lt && b !== 0x3c) {
      this.lt = false
      this.state = 'hex'
      if (b === 0x3e) this.state = 'normal'
      return
    }
    if (this.gt && b !== 0x3e) this.gt = false
    if (WHITESPACE.has(b)) return void this.endToken(b)
    if (!DELIMITERS.has(b)) {
      if (this.token.length < MAX_TOKEN) this.token += String.fromCharCode(b)
      return
    }
    if (this.endToken(b)) return
    this.closed = null
    if (b === 0x25) {
      this.state = 'comment'
      this.comment = ''
    } else if (b === 0x2f) {
      this.state = 'name'
      this.nameBytes = []
    } else if (b === 0x28) {
      this.state = 'string'
      this.stringDepth = 1
    } else if (b === 0x3c) {
      if (this.lt) this.openDict()
      this.lt = !this.lt
    } else if (b === 0x3e) {
      if (this.gt) this.closeDict()
      this.gt = !this.gt
    } else if (this.dict) this.dict.awaitingLength = false
  }

  /** Ends the pending token; true when it was `stream` and a stream's data now starts. */
  private endToken(b: number): boolean {
    const token = this.token
    if (!token) return false
    this.token = ''
    if (this.dict?.awaitingLength) {
      this.dict.lengthTokens.push(token)
      if (this.dict.lengthTokens.length >= 3) this.dict.awaitingLength = false
    }
    if (token === 'stream' && this.closed && this.streams) {
      const d = this.closed
      const direct = d.lengthTokens.length === 1 && /^\d{1,15}$/.test(d.lengthTokens[0]!)
      this.events.streamStart({ names: d.names, length: direct ? Number(d.lengthTokens[0]) : null })
      this.state = b === 0x0d ? 'streamEol' : 'stream'
      return true
    }
    this.closed = null
    return false
  }

  private endName(): void {
    this.state = 'normal'
    const name = decodeName(this.nameBytes)
    this.events.name(name)
    if (!this.dict) return
    this.dict.awaitingLength = this.depth === 1 && name === 'Length'
    if (this.dict.awaitingLength) this.dict.lengthTokens = []
    this.dict.names.add(name)
  }

  private endComment(): void {
    this.state = 'normal'
    if (!this.comment.startsWith('%EOF')) return
    this.sinceEof = 0
    this.events.eofMarker()
  }

  private openDict(): void {
    this.depth++
    if (this.depth === 1) this.dict = { names: new Set(), lengthTokens: [], awaitingLength: false }
  }

  private closeDict(): void {
    if (this.depth === 0) return
    this.depth--
    if (this.depth === 0) {
      this.closed = this.dict
      this.dict = null
    }
  }
}

/** A name's bytes with #xx escapes decoded (ISO 32000-1 7.3.5). */
function decodeName(bytes: number[]): string {
  let out = ''
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!
    const hex = b === 0x23 ? String.fromCharCode(bytes[i + 1] ?? 0, bytes[i + 2] ?? 0) : ''
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      out += String.fromCharCode(parseInt(hex, 16))
      i += 2
    } else out += String.fromCharCode(b)
  }
  return out
}
