import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import type { SignalParticipant } from '@tessera/contracts'
import { CallEngine } from '../../../call/call-engine.ts'
import { initialCallState, type CallState } from '../../../call/call-state.ts'

const TEST_HOOKS_KEY = 'tessera.test-hooks'
const noop = () => () => undefined

/** Starts a call engine for this appointment while mounted; leaves the call on unmount. */
export function useCallEngine(
  appointmentId: string,
  role: 'host' | 'patient' | 'guest',
  mayJoin?: (p: SignalParticipant) => boolean,
) {
  const [engine, setEngine] = useState<CallEngine | null>(null)
  // read at signing time, so the host's latest admissions count without restarting the call
  const admission = useRef(mayJoin)
  admission.current = mayJoin
  useEffect(() => {
    const testHooks = localStorage.getItem(TEST_HOOKS_KEY) === '1'
    const e = new CallEngine({
      appointmentId,
      role,
      testHooks,
      mayJoin: (p) => admission.current?.(p) ?? true,
    })
    setEngine(e)
    const w = window as unknown as Record<string, unknown>
    // read-only counters and tamper injection for browser tests; never keys
    if (testHooks) w['__tesseraCall'] = e.testApi()
    void e.start()
    return () => {
      if (testHooks) delete w['__tesseraCall']
      void e.leave()
    }
  }, [appointmentId, role])
  const state: CallState = useSyncExternalStore(
    engine?.subscribe ?? noop,
    engine?.getState ?? (() => initialCallState),
  )
  return { engine, state }
}
