// The upload's content checks as one stream stage: sniff the first bytes (sniff.ts), then hand
// everything to that format's filter, which strips metadata and refuses what must not be stored.
import { Transform, type TransformCallback } from 'node:stream'
import type { Emit, FormatFilter } from './format-filter.ts'
import { HeicFilter } from './heic-filter.ts'
import { JpegFilter } from './jpeg-filter.ts'
import { PdfFilter } from './pdf-filter.ts'
import { PngFilter } from './png-filter.ts'
import { refusedContent, refusedInput } from './refusal.ts'
import { SNIFF_BYTES, sniff, type AcceptedKind } from './sniff.ts'

const FILTERS: Record<AcceptedKind, () => FormatFilter> = {
  pdf: () => new PdfFilter(),
  jpeg: () => new JpegFilter(),
  png: () => new PngFilter(),
  heic: () => new HeicFilter(),
}

export class ContentFilter extends Transform {
  /** What the file is, once its first bytes arrived. */
  kind: AcceptedKind | null = null
  private head: Buffer[] = []
  private headLength = 0
  private format: FormatFilter | null = null
  private readonly out: Emit = (bytes) => {
    if (bytes.length) this.push(bytes)
  }

  /** `declared` is the Content-Type the client sent: only quoted back in a refusal, never trusted. */
  constructor(private readonly declared: string | undefined) {
    super()
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      if (this.format) this.format.write(chunk, this.out)
      else {
        this.head.push(chunk)
        this.headLength += chunk.length
        if (this.headLength >= SNIFF_BYTES) this.start()
      }
      done()
    } catch (err) {
      done(err as Error)
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      if (!this.format) {
        if (this.headLength === 0)
          throw refusedInput('file', 'The file is empty. Choose the file again and upload it.', 'empty')
        this.start()
      }
      this.format!.end(this.out)
      done()
    } catch (err) {
      done(err as Error)
    }
  }

  private start(): void {
    const head = Buffer.concat(this.head)
    this.head = []
    const found = sniff(head)
    if (!found.kind) {
      throw refusedContent(
        `This file is ${found.found}${this.labelNote()}. Only PDF documents and JPEG, PNG or HEIC photos can be uploaded.`,
        `found ${found.found}`,
      )
    }
    this.kind = found.kind
    this.format = FILTERS[found.kind]()
    this.format.write(head, this.out)
  }

  private labelNote(): string {
    const label = (this.declared ?? '')
      .toLowerCase()
      .replace(/[^a-z0-9.+/-]/g, '')
      .slice(0, 60)
    if (!label || label === 'application/octet-stream') return ''
    return ` (it was labelled ${label}, but what a file is comes from its content)`
  }
}
