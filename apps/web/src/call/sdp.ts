// SDP handling for the encrypted call (E2EE.md section 7): Opus in constant bitrate (cbr=1, so
// packet sizes do not follow speech), no ssrc-audio-level header extension (it would tell the path
// who speaks and how loud, in clear), and the a=fingerprint the handshake binds to.

const AUDIO_LEVEL = 'urn:ietf:params:rtp-hdrext:ssrc-audio-level'

export function mungeSdp(sdp: string): string {
  const lines = sdp.split('\r\n')
  const opus = new Set<string>()
  for (const line of lines) {
    const m = /^a=rtpmap:(\d+) opus\//i.exec(line)
    if (m?.[1]) opus.add(m[1])
  }
  return lines
    .filter((line) => !(line.startsWith('a=extmap:') && line.includes(AUDIO_LEVEL)))
    .map((line) => {
      const m = /^a=fmtp:(\d+) (.*)$/.exec(line)
      if (!m?.[1] || !opus.has(m[1]) || /(^|;)cbr=/.test(m[2] ?? '')) return line
      return `${line};cbr=1`
    })
    .join('\r\n')
}

/** The DTLS fingerprint of an SDP (session or first media level); all m-lines share one cert. */
export function sdpFingerprint(sdp: string): string | null {
  const m = /^a=fingerprint:(\S+ [0-9A-Fa-f:]+)\s*$/m.exec(sdp)
  return m?.[1] ?? null
}

/** Forces VP8 for video and Opus for audio (H.264 and AV1 break under frame encryption). */
export function preferCodecs(transceiver: RTCRtpTransceiver, kind: 'audio' | 'video'): void {
  const caps = RTCRtpReceiver.getCapabilities(kind)
  if (!caps) return
  const wanted = kind === 'video' ? 'video/vp8' : 'audio/opus'
  const codecs = caps.codecs.filter((c) => c.mimeType.toLowerCase() === wanted)
  if (codecs.length > 0) transceiver.setCodecPreferences(codecs)
}
