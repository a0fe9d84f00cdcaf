// "Someone is waiting": a strip under the banner of every clinician page, live from the lobby
// socket, with a short chime when someone new checks in. When the browser blocks sound (no
// interaction with the page yet) the strip says so and offers to turn it on.
import type { WaitingEntry } from '@tessera/contracts'
import { useEffect, useRef, useState } from 'react'
import { Link } from 'wouter'
import { Button } from '../components/Button.tsx'
import { WaitingChime } from './lobby-sound.ts'
import { useWaitingTitle } from './lobby-title.ts'
import { useLobby } from './lobby.tsx'
import '../styles/consult.css'

type SoundState = 'unknown' | 'on' | 'blocked'

function waitingWords(waiting: readonly WaitingEntry[]): string {
  const [first] = waiting
  if (waiting.length === 1 && first) return `${first.patientName} is waiting for the video consultation.`
  return `${waiting.length} patients are waiting for their video consultations.`
}

export function LobbyBadge() {
  const lobby = useLobby()
  const waiting = lobby?.role === 'clinician' ? lobby.waiting : null
  const chime = useRef<WaitingChime | null>(null)
  const seen = useRef<Set<string> | null>(null)
  const [sound, setSound] = useState<SoundState>('unknown')

  useEffect(() => {
    const c = new WaitingChime()
    chime.current = c
    // Any press or key in the page is a gesture that may unlock audio for the next chime.
    const unlock = (): void => {
      if (c.ready) return
      void c.unlock().then((ok) => {
        if (ok) setSound((s) => (s === 'blocked' ? 'on' : s))
      })
    }
    document.addEventListener('pointerdown', unlock, true)
    document.addEventListener('keydown', unlock, true)
    return () => {
      document.removeEventListener('pointerdown', unlock, true)
      document.removeEventListener('keydown', unlock, true)
      c.close()
      chime.current = null
    }
  }, [])

  useEffect(() => {
    if (!waiting) return
    const ids = waiting.map((w) => w.appointmentId)
    const before = seen.current
    seen.current = new Set(ids)
    const someoneNew = before === null ? ids.length > 0 : ids.some((id) => !before.has(id))
    if (someoneNew && chime.current) void chime.current.play().then((ok) => setSound(ok ? 'on' : 'blocked'))
  }, [waiting])

  // A press is the gesture browsers ask for: unlock, then play so the person hears what to expect.
  const turnOnSound = async (): Promise<void> => {
    const c = chime.current
    if (!c) return
    setSound((await c.unlock()) && (await c.play()) ? 'on' : 'blocked')
  }

  const present = waiting !== null && waiting.length > 0
  useWaitingTitle(waiting?.length ?? 0)
  return (
    // A live region that is always in the page, so a newcomer is announced.
    <div role="status" className="lobby-strip-region">
      {present ? (
        <div className="lobby-strip" data-sound={sound}>
          <p className="lobby-strip__text">
            <span className="lobby-strip__dot" aria-hidden="true" />
            {waitingWords(waiting)}{' '}
            <Link href="/clinician/today" className="lobby-strip__link">
              See who is waiting
            </Link>
          </p>
          {sound === 'blocked' ? (
            <p className="lobby-strip__sound">
              Your browser blocked the waiting-room sound.{' '}
              <Button variant="secondary" onPress={() => void turnOnSound()}>
                Turn on sound
              </Button>
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  )
}
