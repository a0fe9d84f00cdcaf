// Frames inside the decrypted backup stream: kind (u8) ‖ length (u32 BE) ‖ payload.
export const FrameKind = {
  manifest: 1,
  rows: 2,
  blobBegin: 3,
  blobData: 4,
  blobEnd: 5,
  end: 9,
} as const
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind]

const KINDS = new Set<number>(Object.values(FrameKind))
/** Row batches are bounded by the writer; anything larger is damage, not data. */
const MAX_FRAME = 64 * 1024 * 1024

export interface Frame {
  kind: FrameKind
  payload: Buffer
}

export function encodeFrame(kind: FrameKind, payload: Buffer): Buffer[] {
  const head = Buffer.alloc(5)
  head[0] = kind
  head.writeUInt32BE(payload.length, 1)
  return [head, payload]
}

export class FrameError extends Error {
  override readonly name = 'FrameError'
}

/** Frames from a stream of chunks; throws FrameError on an unknown kind or a cut frame. */
export async function* readFrames(source: AsyncIterable<Buffer>): AsyncGenerator<Frame> {
  let pending: Buffer[] = []
  let have = 0
  const take = (n: number): Buffer => {
    const all = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending, have)
    const out = all.subarray(0, n)
    const rest = all.subarray(n)
    pending = rest.length ? [rest] : []
    have = rest.length
    return out
  }
  let need: { kind: FrameKind; length: number } | null = null
  for await (const chunk of source) {
    pending.push(chunk)
    have += chunk.length
    for (;;) {
      if (!need) {
        if (have < 5) break
        const head = take(5)
        const kind = head[0] ?? 0
        const length = head.readUInt32BE(1)
        if (!KINDS.has(kind) || length > MAX_FRAME) throw new FrameError('damaged frame header')
        need = { kind: kind as FrameKind, length }
      }
      if (have < need.length) break
      yield { kind: need.kind, payload: Buffer.from(take(need.length)) }
      need = null
    }
  }
  if (need || have) throw new FrameError('backup ends inside a frame')
}
