import type { SignalParticipant } from '@tessera/contracts'
import { useState, type ReactNode } from 'react'
import { consultNotesApi } from '../../../api/consult-notes.ts'
import { Button } from '../../../components/Button.tsx'
import '../../../styles/call.css'
import { CallControls } from './CallControls.tsx'
import { ChatPanel } from './ChatPanel.tsx'
import { SecurityStatus } from './SecurityStatus.tsx'
import { useCallEngine } from './use-call-engine.ts'
import { e2eeUnsupportedReason } from '../../../call/browser-support.ts'
import { VideoTile } from './VideoTile.tsx'

export interface CallViewProps {
  appointmentId: string
  /** The caller's part: the clinician hosts (signs the roster); the patient and guests join once admitted. */
  role: 'host' | 'patient' | 'guest'
  /** Host only: who may go on the signed roster (guests the clinician admitted here). */
  mayJoin?: (p: SignalParticipant) => boolean
  /** Shown beside the video (the clinician's notes panel). */
  aside?: ReactNode
  /** After "End" (or the call ending from elsewhere): the page shows what comes next. */
  onEnded: () => void
}

const QUALITY: Record<string, string> = {
  unknown: 'Network: measuring…',
  good: 'Network: good',
  fair: 'Network: fair',
  poor: 'Network: poor',
}

/** The end-to-end encrypted video call (issue 9, shared/design/E2EE.md); never without encryption. */
export function CallView(props: CallViewProps) {
  const unsupported = e2eeUnsupportedReason()
  if (unsupported)
    return (
      <section className="call" aria-label="Video call">
        <div role="alert" className="alert alert--error" data-call-unsupported>
          <p className="alert__title">This browser cannot join the call</p>
          <p>{unsupported}</p>
        </div>
      </section>
    )
  return <EncryptedCall {...props} />
}

function EncryptedCall({ appointmentId, role, mayJoin, aside, onEnded }: CallViewProps) {
  const { engine, state } = useCallEngine(appointmentId, role, mayJoin)
  const [ending, setEnding] = useState(false)
  const [endError, setEndError] = useState<string | null>(null)

  const end = async () => {
    setEnding(true)
    setEndError(null)
    await engine?.leave()
    if (role === 'host') {
      try {
        await consultNotesApi.endConsultation(appointmentId)
      } catch {
        setEnding(false)
        setEndError('The call has ended, but the consultation could not be closed. Try again.')
        return
      }
    }
    onEnded()
  }

  const waiting = state.remotes.length === 0
  return (
    <section className="call" aria-label="Video call">
      <div className="call__main">
        <SecurityStatus state={state} onVerify={(r) => engine?.confirmCode(r)} />
        {state.encryption === 'stopped' ? (
          <div role="alert" className="alert alert--error call__banner" data-call-banner="stopped">
            <p className="alert__title">Sending stopped</p>
            <p>
              {state.stoppedReason ??
                'Encryption could not be confirmed, so your camera and microphone are no longer sent.'}
            </p>
          </div>
        ) : null}
        {state.securityAlert ? (
          <div role="alert" className="alert alert--error call__banner">
            <p>{state.securityAlert}</p>
          </div>
        ) : null}
        {state.keyChanged.length > 0 ? (
          <div role="alert" className="alert alert--info call__banner">
            <p>
              {state.keyChanged.join(', ')} joined from a device we have not seen before. Your camera and
              microphone are not sent until you compare the code aloud and choose “Codes match”.
            </p>
          </div>
        ) : null}
        {state.phase === 'failed' ? (
          <div role="alert" className="alert alert--error call__banner">
            <p>{state.failure}</p>
          </div>
        ) : null}
        <p role="status" className="call__status">
          {state.phase === 'reconnecting'
            ? 'Connection lost. Reconnecting…'
            : waiting && state.phase !== 'failed' && state.phase !== 'ended'
              ? role === 'host'
                ? 'Waiting for the patient to join…'
                : 'Waiting for your clinician to join…'
              : ''}
        </p>
        <div className="call__stage">
          {state.remotes.map((r) => (
            <VideoTile
              key={r.participantId}
              stream={r.stream}
              label={r.displayName}
              note={!r.keyed ? 'Connecting securely…' : null}
            />
          ))}
          <VideoTile stream={state.localStream} label="You" local note={state.camOn ? null : 'Camera off'} />
        </div>
        <div className="call__bar">
          <CallControls
            micOn={state.micOn}
            camOn={state.camOn}
            hasMedia={state.localStream !== null}
            ending={ending}
            onMic={(on) => engine?.setMic(on)}
            onCamera={(on) => engine?.setCamera(on)}
            onEnd={() => void end()}
          />
          <p className="call__quality" data-quality={state.quality}>
            {QUALITY[state.quality]}
            {state.audioOnly ? ' · audio only (low bandwidth)' : ''}
          </p>
        </div>
        {endError ? (
          <div role="alert" className="alert alert--error call__banner">
            <p>{endError}</p>
            <Button variant="secondary" onPress={() => void end()}>
              Close the consultation
            </Button>
          </div>
        ) : null}
        <ChatPanel
          lines={state.chat}
          canSend={state.encryption === 'encrypted'}
          onSend={(text) => engine?.sendChat(text) ?? Promise.resolve(false)}
        />
      </div>
      {aside ? <div className="call__aside">{aside}</div> : null}
    </section>
  )
}
