// The lobby socket (`/api/consult/lobby`): the server pushes who is waiting (clinicians) and room
// changes (patients). It only listens. One connection per tab (lib/lobby.tsx owns it); on a drop it
// reconnects with exponential backoff and jitter, at once when the network returns or the tab is
// shown again. Nothing is logged: a failed connection is a state the page shows, not a console line.
import type { ConsultRoomView, LobbyMessage, WaitingEntry } from '@tessera/contracts'
import { lobbySocketUrl } from '../api/consult.ts'

export type LobbyStatus = 'connecting' | 'open' | 'down' | 'ended'

export interface LobbyHandlers {
  onMessage: (message: LobbyMessage) => void
  onStatus: (status: LobbyStatus) => void
}

const FIRST_RETRY_MS = 1_000
const MAX_RETRY_MS = 30_000
/** The server closes with this when the session ended (SignalClose.sessionEnded): do not retry. */
const SESSION_ENDED = 4401

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isWaitingEntry(value: unknown): value is WaitingEntry {
  return (
    isRecord(value) &&
    typeof value['appointmentId'] === 'string' &&
    typeof value['patientName'] === 'string' &&
    typeof value['start'] === 'string' &&
    typeof value['checkedInAt'] === 'string'
  )
}

function isRoomView(value: unknown): value is ConsultRoomView {
  return (
    isRecord(value) &&
    typeof value['appointmentId'] === 'string' &&
    typeof value['state'] === 'string' &&
    typeof value['joinFrom'] === 'string'
  )
}

/** Reads one frame; anything that is not a lobby message we know is dropped. */
export function parseLobbyMessage(data: unknown): LobbyMessage | null {
  if (typeof data !== 'string') return null
  let parsed: unknown
  try {
    parsed = JSON.parse(data)
  } catch {
    return null
  }
  if (!isRecord(parsed)) return null
  if (
    parsed['type'] === 'waiting' &&
    Array.isArray(parsed['waiting']) &&
    parsed['waiting'].every(isWaitingEntry)
  )
    return { type: 'waiting', waiting: parsed['waiting'] }
  if (parsed['type'] === 'room' && isRoomView(parsed['room'])) return { type: 'room', room: parsed['room'] }
  return null
}

export class LobbyConnection {
  private socket: WebSocket | null = null
  private retryTimer: number | undefined
  private attempts = 0
  private stopped = false

  constructor(private readonly handlers: LobbyHandlers) {}

  start(): void {
    this.stopped = false
    window.addEventListener('online', this.retryNow)
    document.addEventListener('visibilitychange', this.onVisibility)
    this.connect()
  }

  stop(): void {
    this.stopped = true
    window.removeEventListener('online', this.retryNow)
    document.removeEventListener('visibilitychange', this.onVisibility)
    window.clearTimeout(this.retryTimer)
    const socket = this.socket
    this.socket = null
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null
      if (socket.readyState === WebSocket.OPEN) socket.close(1000, 'done')
      // Still connecting: closing now would print "closed before the connection is established".
      else if (socket.readyState === WebSocket.CONNECTING) socket.onopen = () => socket.close(1000, 'done')
    }
  }

  private connect(): void {
    if (this.stopped || this.socket) return
    this.handlers.onStatus('connecting')
    let socket: WebSocket
    try {
      socket = new WebSocket(lobbySocketUrl())
    } catch {
      this.scheduleRetry()
      return
    }
    this.socket = socket
    socket.onopen = () => {
      this.attempts = 0
      this.handlers.onStatus('open')
    }
    socket.onmessage = (event: MessageEvent<unknown>) => {
      const message = parseLobbyMessage(event.data)
      if (message) this.handlers.onMessage(message)
    }
    // An error is always followed by close; close decides.
    socket.onerror = () => undefined
    socket.onclose = (event: CloseEvent) => {
      if (this.socket !== socket) return
      this.socket = null
      if (event.code === SESSION_ENDED) {
        this.handlers.onStatus('ended')
        return
      }
      this.handlers.onStatus('down')
      this.scheduleRetry()
    }
  }

  private scheduleRetry(): void {
    if (this.stopped) return
    window.clearTimeout(this.retryTimer)
    const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** this.attempts)
    this.attempts += 1
    // Jitter spreads the reconnects of many tabs after a server restart.
    const delay = base / 2 + Math.random() * (base / 2)
    this.retryTimer = window.setTimeout(() => this.connect(), delay)
  }

  private readonly retryNow = (): void => {
    if (this.stopped || this.socket) return
    window.clearTimeout(this.retryTimer)
    this.attempts = 0
    this.connect()
  }

  private readonly onVisibility = (): void => {
    if (document.visibilityState === 'visible') this.retryNow()
  }
}
