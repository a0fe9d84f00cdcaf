// Clear prefix of a media frame (E2EE.md section 4): VP8 key frame 10 bytes, VP8 delta 3 bytes,
// Opus 0 bytes. The prefix stays readable for the packetizer and is authenticated as SFrame
// metadata (AAD = header | clear_prefix).
//
// On receipt the length comes from the clear VP8 frame tag itself (RFC 6386 section 9.1: bit 0 of
// the first byte is 0 for a key frame), never from RTCEncodedVideoFrame.type. A wrong guess cannot
// let a frame through: the prefix is part of the AAD, so the frame then fails to authenticate.

export type MediaCodec = 'vp8' | 'opus'

export const VP8_KEY_FRAME_PREFIX = 10
export const VP8_DELTA_FRAME_PREFIX = 3

export function clearPrefixLength(codec: MediaCodec, frame: Uint8Array): number {
  switch (codec) {
    case 'opus':
      return 0
    case 'vp8': {
      const first = frame[0]
      if (first === undefined) return 0
      const isKeyFrame = (first & 0x01) === 0
      return Math.min(frame.length, isKeyFrame ? VP8_KEY_FRAME_PREFIX : VP8_DELTA_FRAME_PREFIX)
    }
    default:
      return codec satisfies never
  }
}
