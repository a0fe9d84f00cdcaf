// The room as the server sees it, kept current: the first answer from HTTP (so a reload shows the
// true state), then the lobby socket's pushes; while the socket is down, the room is polled.
import type { ConsultRoomState, ConsultRoomView } from '@tessera/contracts'
import { useCallback, useEffect, useState } from 'react'
import { consultApi } from '../../api/consult.ts'
import { useLobby } from '../../lib/lobby.tsx'
import { consultProblem, type ConsultProblem } from './consult-problems.ts'

export type RoomData =
  | { status: 'loading' }
  | { status: 'error'; problem: ConsultProblem }
  | { status: 'ready'; room: ConsultRoomView }

/** How often the room is asked for while live updates are unavailable. */
const POLL_MS = 5_000

const RANK: Record<ConsultRoomState, number> = { 'not-checked-in': 0, waiting: 1, admitted: 2, ended: 3 }

/** A room only moves forward: an older answer arriving late must not undo an admission. */
function newer(current: ConsultRoomView | null, next: ConsultRoomView): ConsultRoomView {
  if (!current || current.appointmentId !== next.appointmentId) return next
  return RANK[next.state] >= RANK[current.state] ? next : current
}

export interface UseRoom {
  data: RoomData
  /** Takes a view the page got itself (the check-in or admit answer). */
  accept: (room: ConsultRoomView) => void
  reload: () => void
}

/** While live updates are down, someone is expecting news: the patient waiting, the host before admitting. */
function expectingNews(data: RoomData): boolean {
  if (data.status !== 'ready') return false
  return data.room.role === 'host' ? data.room.state !== 'admitted' : data.room.state === 'waiting'
}

/** For hosts, a change in the lobby's waiting list also triggers a fresh read. */
export function useRoom(appointmentId: string): UseRoom {
  const lobby = useLobby()
  const [data, setData] = useState<RoomData>({ status: 'loading' })
  const [generation, setGeneration] = useState(0)
  const accept = useCallback(
    (room: ConsultRoomView) =>
      setData((prev) => ({ status: 'ready', room: newer(prev.status === 'ready' ? prev.room : null, room) })),
    [],
  )
  const reload = useCallback(() => setGeneration((n) => n + 1), [])

  const live = lobby?.status === 'open'
  const poll = expectingNews(data) && !live
  // The host: anything in the waiting list about this room, or it leaving the list, means news.
  const waitingKey =
    lobby?.role === 'clinician' && lobby.waiting
      ? lobby.waiting.some((w) => w.appointmentId === appointmentId)
        ? 'waiting'
        : 'none'
      : 'unknown'

  useEffect(() => {
    const controller = new AbortController()
    const load = (): void => {
      consultApi.room(appointmentId, controller.signal).then(accept, (error: unknown) => {
        if (controller.signal.aborted) return
        setData((prev) =>
          // A failed poll keeps the room we know; only a first failure (or a 404) is shown.
          prev.status === 'ready' && consultProblem(error).kind !== 'not-found'
            ? prev
            : { status: 'error', problem: consultProblem(error) },
        )
      })
    }
    load()
    const timer = poll ? window.setInterval(load, POLL_MS) : undefined
    return () => {
      controller.abort()
      window.clearInterval(timer)
    }
    // `live` and `waitingKey` are here on purpose: reconnecting or a list change re-reads the room.
  }, [appointmentId, accept, generation, poll, live, waitingKey])

  // The patient: rooms pushed on the lobby socket.
  const pushed = lobby?.rooms[appointmentId]
  useEffect(() => {
    if (pushed) accept(pushed)
  }, [pushed, accept])

  return { data, accept, reload }
}
