import type { GuestCodeSent, GuestRoomView } from '@tessera/contracts'
import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiError } from '../../../api/client.ts'
import { Alert } from '../../../components/Alert.tsx'
import { Button } from '../../../components/Button.tsx'
import { CodeForm } from '../../../components/CodeForm.tsx'
import { Loading } from '../../../components/Loading.tsx'
import { PageHeader } from '../../../components/PageHeader.tsx'
import { formatWhen } from '../../../components/scheduling/time-words.ts'
import { clearUrlFragment, readSetupToken } from '../../../lib/setup-token.ts'
import { toSubmitErrors } from '../../../lib/submit-errors.ts'
import '../../../styles/consult.css'
import { CallView } from '../call/CallView.tsx'
import { DeviceCheck } from '../DeviceCheck.tsx'
import { guestApi } from './guest-api.ts'
import { GuestWaiting } from './GuestWaiting.tsx'

/** The link's token survives a reload between opening the link and entering the code (this tab only). */
const LINK_KEY = 'tessera.guest.link'

type Stage =
  | { step: 'loading' }
  | { step: 'no-link' }
  | { step: 'link'; token: string }
  | { step: 'code'; token: string; sent: GuestCodeSent }
  | { step: 'room'; room: GuestRoomView }
  | { step: 'left' }

function linkToken(): string | null {
  const fromUrl = readSetupToken(window.location.hash)
  if (fromUrl) {
    sessionStorage.setItem(LINK_KEY, fromUrl)
    clearUrlFragment()
    return fromUrl
  }
  return sessionStorage.getItem(LINK_KEY)
}

/**
 * `/consult/guest#t=<token>`: an interpreter or carer the clinician invited. The link, then the code
 * emailed on opening it, then a device check and the waiting room; the clinician lets them in and
 * the call starts here. No account: the guest's session opens this one consultation only.
 */
export function GuestPage() {
  const [token] = useState(linkToken)
  const [stage, setStage] = useState<Stage>({ step: 'loading' })
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)

  // A guest session already in this browser (a reload) goes straight back to the room.
  useEffect(() => {
    const controller = new AbortController()
    guestApi.room(controller.signal).then(
      (room) => setStage({ step: 'room', room }),
      () => setStage(token ? { step: 'link', token } : { step: 'no-link' }),
    )
    return () => controller.abort()
  }, [token])

  const sendCode = async (t: string): Promise<void> => {
    setPending(true)
    setError(null)
    try {
      setStage({ step: 'code', token: t, sent: await guestApi.openLink(t) })
    } catch (e) {
      setError(toSubmitErrors(e).message)
    } finally {
      setPending(false)
    }
  }

  const enterCode = async (t: string, code: string): Promise<void> => {
    const room = await guestApi.enterCode(t, code)
    sessionStorage.removeItem(LINK_KEY)
    setStage({ step: 'room', room })
  }

  return (
    <>
      <PageHeader title="Join a video consultation" titleContext="Guest" />
      {stage.step === 'loading' ? <Loading label="Opening your invitation…" /> : null}
      {stage.step === 'no-link' ? (
        <Alert tone="error" title="This link is incomplete">
          Open the full link from the invitation email, including the part after #. If it still does not work,
          ask the clinician to invite you again.
        </Alert>
      ) : null}
      {stage.step === 'link' ? (
        <section className="card stack" aria-labelledby="guest-link-title">
          <h2 id="guest-link-title" className="section-title">
            You are invited
          </h2>
          <p>
            To make sure the invitation reached the right person, we email a 6-digit code to the address it
            was sent to.
          </p>
          <Alert tone="error" title="We could not send the code">
            {error}
          </Alert>
          <div className="button-row">
            <Button isPending={pending} onPress={() => void sendCode(stage.token)}>
              Email me a code
            </Button>
          </div>
        </section>
      ) : null}
      {stage.step === 'code' ? (
        <section className="card stack" aria-labelledby="guest-code-title">
          <h2 id="guest-code-title" className="section-title">
            Enter the code
          </h2>
          <p role="status">We emailed a code to {stage.sent.sentTo}. It works for 10 minutes.</p>
          <CodeForm
            kind="digits"
            label="Code from the email"
            submitLabel="Continue"
            autoFocus
            onSubmit={(code) => enterCode(stage.token, code)}
          />
          <Button variant="secondary" isPending={pending} onPress={() => void sendCode(stage.token)}>
            Send a new code
          </Button>
        </section>
      ) : null}
      {stage.step === 'room' ? (
        <GuestRoom initial={stage.room} onLeft={() => setStage({ step: 'left' })} />
      ) : null}
      {stage.step === 'left' ? <GuestLeft /> : null}
    </>
  )
}

/** Polls the guest's room (guests have no lobby socket) until the call or its end. */
function GuestRoom({ initial, onLeft }: { initial: GuestRoomView; onLeft: () => void }) {
  const [room, setRoom] = useState(initial)
  const [problem, setProblem] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  const [gone, setGone] = useState(false)

  const poll = useCallback(async (signal?: AbortSignal) => {
    try {
      setRoom(await guestApi.room(signal))
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setGone(true)
    }
  }, [])
  const inCall = room.state === 'admitted'
  useEffect(() => {
    if (inCall || room.state === 'ended' || gone) return
    const controller = new AbortController()
    const timer = setInterval(() => void poll(controller.signal), 3000)
    return () => {
      clearInterval(timer)
      controller.abort()
    }
  }, [inCall, room.state, gone, poll])

  if (gone)
    return (
      <Alert tone="error" title="Your invitation has ended">
        The clinician removed the invitation or the consultation is over.
      </Alert>
    )
  if (room.state === 'ended') return <GuestLeft ended />
  if (inCall) return <CallView appointmentId={room.appointmentId} role="guest" onEnded={onLeft} />
  if (room.state === 'waiting') return <GuestWaiting room={room} />

  const checkIn = async (): Promise<void> => {
    setPending(true)
    setProblem(null)
    try {
      setRoom(await guestApi.checkIn())
    } catch (e) {
      setProblem(toSubmitErrors(e).message)
    } finally {
      setPending(false)
    }
  }
  return (
    <div className="stack">
      <section className="card" aria-labelledby="guest-intro-title">
        <h2 id="guest-intro-title" className="section-title">
          Before you join
        </h2>
        <p>
          {room.name}, you join the consultation with {room.clinicianName} as{' '}
          {room.kind === 'carer' ? 'a carer' : 'an interpreter'}, {formatWhen(room.start)}.
        </p>
        <p className="muted">Check your camera and microphone, then tell us you are ready.</p>
      </section>
      <div className="consult-checks">
        <DeviceCheck />
      </div>
      <Alert tone="error" title="You cannot join yet">
        {problem}
      </Alert>
      <div className="button-row">
        <Button isPending={pending} onPress={() => void checkIn()}>
          I&apos;m ready
        </Button>
      </div>
    </div>
  )
}

function GuestLeft({ ended = false }: { ended?: boolean }) {
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  return (
    <section className="card" aria-labelledby="guest-left-title">
      <h2 id="guest-left-title" className="section-title" ref={heading} tabIndex={-1}>
        {ended ? 'The consultation has ended' : 'You left the call'}
      </h2>
      <p>Thank you. You can close this page.</p>
    </section>
  )
}
