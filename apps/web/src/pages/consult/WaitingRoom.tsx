import type { ConsultRoomView } from '@tessera/contracts'
import { useEffect, useRef } from 'react'
import { formatClock, formatWhen } from '../../components/scheduling/time-words.ts'
import { useLobby } from '../../lib/lobby.tsx'

export interface WaitingRoomProps {
  room: ConsultRoomView
  clinicianName: string | null
}

/** Checked in: the clinician lets the patient in (the page switches to the call by itself). */
export function WaitingRoom({ room, clinicianName }: WaitingRoomProps) {
  const lobby = useLobby()
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  const who = clinicianName ?? 'Your clinician'
  return (
    <section className="card waiting-room" aria-labelledby="waiting-title">
      <div className="waiting-room__pulse" aria-hidden="true" />
      <h2 id="waiting-title" className="section-title" ref={heading} tabIndex={-1}>
        {who} will let you in
      </h2>
      <p>
        You are in the waiting room{room.checkedInAt ? ` since ${formatClock(room.checkedInAt)}` : ''}. Keep
        this page open: the call starts here as soon as you are let in.
      </p>
      <p className="muted">Your appointment: {formatWhen(room.start)}.</p>
      <p className="muted" role="status">
        {lobby?.status === 'open'
          ? 'Connected: this page updates by itself.'
          : 'Live updates are reconnecting; we check every few seconds meanwhile.'}
      </p>
    </section>
  )
}
