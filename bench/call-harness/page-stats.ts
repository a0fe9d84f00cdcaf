// RTP statistics of every connection of a bench page, summed per direction and kind, next to the
// E2EE worker's counters (frames in, passed, dropped, bytes before and after the transform).
import type { StreamCounters } from '../../apps/web/src/call/worker-protocol.ts'

export interface SendVideo {
  framesEncoded: number
  framesSent: number
  bytesSent: number
  totalEncodeTime: number
  /** Of the last connection read (all carry the same camera). */
  frameWidth: number
  frameHeight: number
  framesPerSecond: number
  qualityLimitationReason: string
}

export interface RecvVideo {
  framesReceived: number
  framesDecoded: number
  framesDropped: number
  bytesReceived: number
  totalDecodeTime: number
  freezeCount: number
}

export interface WorkerSums {
  frames: number
  passed: number
  dropped: number
  bytesIn: number
  bytesOut: number
}

export interface PageStats {
  sendVideo: SendVideo
  sendAudio: { packetsSent: number; bytesSent: number }
  recvVideo: RecvVideo
  recvAudio: { packetsReceived: number; bytesReceived: number }
  /** Keyed `send:video`, `recv:audio`...; zeros without a worker (E2EE off). */
  worker: Record<string, WorkerSums>
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0
}

export async function pageStats(pcs: RTCPeerConnection[], counters: StreamCounters[]): Promise<PageStats> {
  const out: PageStats = {
    sendVideo: {
      framesEncoded: 0,
      framesSent: 0,
      bytesSent: 0,
      totalEncodeTime: 0,
      frameWidth: 0,
      frameHeight: 0,
      framesPerSecond: 0,
      qualityLimitationReason: '',
    },
    sendAudio: { packetsSent: 0, bytesSent: 0 },
    recvVideo: {
      framesReceived: 0,
      framesDecoded: 0,
      framesDropped: 0,
      bytesReceived: 0,
      totalDecodeTime: 0,
      freezeCount: 0,
    },
    recvAudio: { packetsReceived: 0, bytesReceived: 0 },
    worker: {},
  }
  for (const pc of pcs) {
    const report = await pc.getStats()
    report.forEach((s: Record<string, unknown>) => {
      const video = s['kind'] === 'video'
      if (s['type'] === 'outbound-rtp' && video) {
        const v = out.sendVideo
        v.framesEncoded += num(s['framesEncoded'])
        v.framesSent += num(s['framesSent'])
        v.bytesSent += num(s['bytesSent'])
        v.totalEncodeTime += num(s['totalEncodeTime'])
        if (num(s['frameWidth']) > 0) {
          v.frameWidth = num(s['frameWidth'])
          v.frameHeight = num(s['frameHeight'])
          v.framesPerSecond = num(s['framesPerSecond'])
          v.qualityLimitationReason =
            typeof s['qualityLimitationReason'] === 'string' ? s['qualityLimitationReason'] : ''
        }
      } else if (s['type'] === 'outbound-rtp') {
        out.sendAudio.packetsSent += num(s['packetsSent'])
        out.sendAudio.bytesSent += num(s['bytesSent'])
      } else if (s['type'] === 'inbound-rtp' && video) {
        const v = out.recvVideo
        v.framesReceived += num(s['framesReceived'])
        v.framesDecoded += num(s['framesDecoded'])
        v.framesDropped += num(s['framesDropped'])
        v.bytesReceived += num(s['bytesReceived'])
        v.totalDecodeTime += num(s['totalDecodeTime'])
        v.freezeCount += num(s['freezeCount'])
      } else if (s['type'] === 'inbound-rtp') {
        out.recvAudio.packetsReceived += num(s['packetsReceived'])
        out.recvAudio.bytesReceived += num(s['bytesReceived'])
      }
    })
  }
  for (const c of counters) {
    const key = `${c.direction}:${c.kind}`
    const w = (out.worker[key] ??= { frames: 0, passed: 0, dropped: 0, bytesIn: 0, bytesOut: 0 })
    w.frames += c.frames
    w.passed += c.passed
    w.dropped += c.dropped
    w.bytesIn += c.bytesIn
    w.bytesOut += c.bytesOut
  }
  return out
}
