import { useEffect, useState, useSyncExternalStore } from 'react'
import { CallEngine } from '../../../call/call-engine.ts'
import { initialCallState, type CallState } from '../../../call/call-state.ts'

const TEST_HOOKS_KEY = 'tessera.test-hooks'
const noop = () => () => undefined

/** Starts a call engine for this appointment while mounted; leaves the call on unmount. */
export function useCallEngine(appointmentId: string, role: 'host' | 'patient') {
  const [engine, setEngine] = useState<CallEngine | null>(null)
  useEffect(() => {
    const testHooks = localStorage.getItem(TEST_HOOKS_KEY) === '1'
    const e = new CallEngine({ appointmentId, role, testHooks })
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
