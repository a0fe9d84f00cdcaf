// The tab's one lobby connection, shared through context: clinicians get the live waiting list
// (the badge in every page, the Today card, the consult page), patients the room changes pushed to
// them (the waiting screen). While the socket is down the clinician's list is polled instead.
import type { ConsultRoomView, LobbyMessage, WaitingEntry } from '@tessera/contracts'
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { consultApi } from '../api/consult.ts'
import { LobbyConnection, type LobbyStatus } from './lobby-socket.ts'

export type LobbyRole = 'clinician' | 'patient'

export interface LobbyValue {
  role: LobbyRole
  status: LobbyStatus
  /** Clinicians: who waits now, oldest first (null until the first answer). */
  waiting: readonly WaitingEntry[] | null
  /** Patients: the newest room view pushed, by appointment. */
  rooms: Readonly<Record<string, ConsultRoomView>>
  /** Asks the server for the waiting list now (after an admit, say). */
  refreshWaiting: () => void
}

const LobbyContext = createContext<LobbyValue | null>(null)

/** How often the waiting list is asked for while the socket is down. */
const POLL_MS = 10_000

export interface LobbyProviderProps {
  /** null: nobody to listen for (signed out, or a role without consultations). */
  role: LobbyRole | null
  children: ReactNode
}

/** Always the same element, so signing in or out never remounts the page beneath it. */
export function LobbyProvider({ role, children }: LobbyProviderProps) {
  const [status, setStatus] = useState<LobbyStatus>('connecting')
  const [waiting, setWaiting] = useState<readonly WaitingEntry[] | null>(null)
  const [rooms, setRooms] = useState<Readonly<Record<string, ConsultRoomView>>>({})
  const [pollTick, setPollTick] = useState(0)

  useEffect(() => {
    if (!role) return
    setStatus('connecting')
    setWaiting(null)
    setRooms({})
    const onMessage = (message: LobbyMessage): void => {
      if (message.type === 'waiting') setWaiting(message.waiting)
      else setRooms((prev) => ({ ...prev, [message.room.appointmentId]: message.room }))
    }
    const connection = new LobbyConnection({ onMessage, onStatus: setStatus })
    connection.start()
    return () => connection.stop()
  }, [role])

  // Clinicians: the list from HTTP while the socket is not open (and once when asked to).
  const polling = role === 'clinician' && status !== 'open' && status !== 'connecting'
  useEffect(() => {
    if (role !== 'clinician' || (pollTick === 0 && !polling)) return
    const controller = new AbortController()
    const load = (): void => {
      consultApi.waiting(controller.signal).then(
        (list) => setWaiting(list.waiting),
        // Keep what we have; the socket or the next poll will bring news.
        () => undefined,
      )
    }
    load()
    const timer = polling ? window.setInterval(load, POLL_MS) : undefined
    return () => {
      controller.abort()
      window.clearInterval(timer)
    }
  }, [role, polling, pollTick])

  const refreshWaiting = useCallback(() => setPollTick((n) => n + 1), [])
  const value = useMemo(
    () => (role ? { role, status, waiting, rooms, refreshWaiting } : null),
    [role, status, waiting, rooms, refreshWaiting],
  )
  return <LobbyContext.Provider value={value}>{children}</LobbyContext.Provider>
}

/** The tab's lobby, or null outside a signed-in patient's or clinician's pages. */
export function useLobby(): LobbyValue | null {
  return useContext(LobbyContext)
}
