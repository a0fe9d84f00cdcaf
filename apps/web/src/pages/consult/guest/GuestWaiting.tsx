import type { GuestRoomView } from '@tessera/contracts'
import { useEffect, useRef } from 'react'
import { formatWhen } from '../../../components/scheduling/time-words.ts'

/** Checked in: the clinician lets the guest in (the page switches to the call by itself). */
export function GuestWaiting({ room }: { room: GuestRoomView }) {
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  return (
    <section className="card waiting-room" aria-labelledby="guest-waiting-title">
      <div className="waiting-room__pulse" aria-hidden="true" />
      <h2 id="guest-waiting-title" className="section-title" ref={heading} tabIndex={-1}>
        {room.clinicianName} will let you in
      </h2>
      <p>You are in the waiting room. Keep this page open: the call starts here as soon as you are let in.</p>
      <p className="muted">The consultation: {formatWhen(room.start)}.</p>
      <p className="muted" role="status">
        We check every few seconds.
      </p>
    </section>
  )
}
