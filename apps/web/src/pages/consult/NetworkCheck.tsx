import type { TurnCredentials } from '@tessera/contracts'
import { useEffect, useState } from 'react'
import { consultApi } from '../../api/consult.ts'
import { ApiError } from '../../api/client.ts'
import { Button } from '../../components/Button.tsx'

type Finding = { tone: 'good' | 'warn' | 'bad'; text: string }

type Check = { status: 'checking' } | { status: 'done'; findings: Finding[] }

/** How long to wait for the relay to hand out an address. */
const RELAY_WAIT_MS = 8_000

/** Asks the relay (TURN) for an address through a throwaway peer connection; true when one came. */
async function relayAnswers(credentials: TurnCredentials): Promise<boolean> {
  if (typeof RTCPeerConnection === 'undefined') return false
  const pc = new RTCPeerConnection({
    iceServers: [
      { urls: credentials.urls, username: credentials.username, credential: credentials.credential },
    ],
    iceTransportPolicy: 'relay',
  })
  try {
    const found = new Promise<boolean>((resolve) => {
      const timer = window.setTimeout(() => resolve(false), RELAY_WAIT_MS)
      pc.onicecandidate = (event) => {
        if (event.candidate?.type === 'relay' || / typ relay /.test(event.candidate?.candidate ?? '')) {
          window.clearTimeout(timer)
          resolve(true)
        } else if (!event.candidate) {
          window.clearTimeout(timer)
          resolve(false)
        }
      }
    })
    pc.createDataChannel('check')
    await pc.setLocalDescription(await pc.createOffer())
    return await found
  } catch {
    return false
  } finally {
    pc.close()
  }
}

async function runCheck(appointmentId: string, signal: AbortSignal): Promise<Finding[]> {
  const findings: Finding[] = []
  const started = performance.now()
  try {
    await consultApi.room(appointmentId, signal)
    const ms = Math.round(performance.now() - started)
    findings.push(
      ms < 800
        ? { tone: 'good', text: `Tessera answered in ${ms} ms: your connection to the clinic is working.` }
        : {
            tone: 'warn',
            text: `Tessera answered slowly (${ms} ms). The call may be choppy on this network.`,
          },
    )
  } catch (error) {
    if (signal.aborted) throw error
    findings.push({ tone: 'bad', text: 'We could not reach Tessera. Check your internet connection.' })
    return findings
  }
  try {
    const credentials = await consultApi.turnCredentials(signal)
    const ok = await relayAnswers(credentials)
    findings.push(
      ok
        ? {
            tone: 'good',
            text: "The clinic's relay server answered: the call can connect even on strict networks.",
          }
        : {
            tone: 'warn',
            text: "The clinic's relay server did not answer. The call may still connect directly; if it does not, try another network.",
          },
    )
  } catch (error) {
    if (signal.aborted) throw error
    findings.push(
      error instanceof ApiError && error.status === 404
        ? {
            tone: 'good',
            text: 'No relay server is needed for this check: the call will connect directly, which works on most home and mobile networks.',
          }
        : { tone: 'warn', text: 'We could not check the relay server. The call may still work.' },
    )
  }
  return findings
}

const TONE_WORDS: Record<Finding['tone'], string> = { good: 'OK', warn: 'Note', bad: 'Problem' }

export interface NetworkCheckProps {
  appointmentId: string
}

/** The network part of the check: can we reach Tessera, and the clinic's relay when it has one. */
export function NetworkCheck({ appointmentId }: NetworkCheckProps) {
  const [check, setCheck] = useState<Check>({ status: 'checking' })
  const [attempt, setAttempt] = useState(0)
  useEffect(() => {
    const controller = new AbortController()
    setCheck({ status: 'checking' })
    runCheck(appointmentId, controller.signal).then(
      (findings) => setCheck({ status: 'done', findings }),
      () => undefined,
    )
    return () => controller.abort()
  }, [appointmentId, attempt])

  return (
    <section className="card consult-check" aria-labelledby="network-check-title">
      <h2 id="network-check-title" className="section-title">
        Network
      </h2>
      <div role="status">
        {check.status === 'checking' ? (
          <p className="muted">Checking your connection…</p>
        ) : (
          <ul className="consult-findings">
            {check.findings.map((f) => (
              <li key={f.text} className={`consult-finding consult-finding--${f.tone}`}>
                <span className="consult-finding__tone">{TONE_WORDS[f.tone]}:</span> {f.text}
              </li>
            ))}
          </ul>
        )}
      </div>
      {check.status === 'done' ? (
        <Button variant="quiet" onPress={() => setAttempt((n) => n + 1)}>
          Check the network again
        </Button>
      ) : null}
    </section>
  )
}
