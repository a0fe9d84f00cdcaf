// The shape every per-format check shares: bytes in, sanitised bytes out, a refusal (AppError)
// thrown the moment something is wrong. Filters hold only bounded state (a header, one segment
// or box), never the file, so memory stays flat whatever the upload's size.
export type Emit = (bytes: Buffer) => void

export interface FormatFilter {
  write(chunk: Buffer, emit: Emit): void
  /** The input ended: throws if the file is incomplete or something follows its end. */
  end(emit: Emit): void
}

/** Collects exactly `want` bytes across chunks (headers, segments) before handing them over. */
export class Collector {
  private parts: Buffer[] = []
  private have = 0
  want = 0

  /** Takes what it needs from chunk[at..]; returns the new offset. */
  take(chunk: Buffer, at: number): number {
    const n = Math.min(this.want - this.have, chunk.length - at)
    if (n > 0) {
      this.parts.push(chunk.subarray(at, at + n))
      this.have += n
    }
    return at + n
  }

  get full(): boolean {
    return this.have >= this.want
  }

  get empty(): boolean {
    return this.have === 0
  }

  /** The collected bytes; starts collecting `next` bytes afresh. */
  drain(next: number): Buffer {
    const out = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts)
    this.parts = []
    this.have = 0
    this.want = next
    return Buffer.from(out)
  }
}
