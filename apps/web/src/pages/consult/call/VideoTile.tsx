import { useEffect, useRef, useState } from 'react'

export interface VideoTileProps {
  stream: MediaStream | null
  label: string
  /** The local preview: muted and mirrored. */
  local?: boolean
  /** Shown over the tile (e.g. "Connecting…", "Camera off"). */
  note?: string | null
}

/** One person's video. Remote audio plays from the same element. */
export function VideoTile({ stream, label, local = false, note }: VideoTileProps) {
  const ref = useRef<HTMLVideoElement>(null)
  const [soundBlocked, setSoundBlocked] = useState(false)

  useEffect(() => {
    const video = ref.current
    if (!video) return
    video.srcObject = stream
    if (!stream) return
    video.play().catch(() => {
      // autoplay with sound needs a user gesture in some browsers: play muted, offer sound
      if (local) return
      video.muted = true
      setSoundBlocked(true)
      void video.play().catch(() => undefined)
    })
  }, [stream, local])

  return (
    <figure className={local ? 'call-tile call-tile--local' : 'call-tile'}>
      <video
        ref={ref}
        autoPlay
        playsInline
        muted={local}
        aria-label={label}
        {...(local ? { 'data-local-video': '' } : { 'data-remote-video': '' })}
      />
      <figcaption className="call-tile__name">{label}</figcaption>
      {note ? <p className="call-tile__note">{note}</p> : null}
      {soundBlocked ? (
        <button
          type="button"
          className="call-tile__sound"
          onClick={() => {
            const video = ref.current
            if (!video) return
            video.muted = false
            void video.play().then(() => setSoundBlocked(false))
          }}
        >
          Turn on sound
        </button>
      ) : null}
    </figure>
  )
}
