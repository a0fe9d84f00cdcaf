// The call's signalling socket (/api/consult/:appointmentId/socket, same origin; the session cookie
// goes with the upgrade). Reconnects after a drop with a growing delay; every (re)connection says
// hello again and gets a fresh participant id. Nothing received or sent is logged.
import { SignalClose, type SignalClientMessage, type SignalServerMessage } from '@tessera/contracts'

export interface SignallingHandlers {
  onOpen(): void
  onMessage(message: SignalServerMessage): void
  /** `final`: the server ended the session or the call was left; no reconnect. */
  onDrop(final: boolean): void
}

export class Signalling {
  #ws: WebSocket | null = null
  #closed = false
  #attempt = 0
  #timer: ReturnType<typeof setTimeout> | undefined

  constructor(
    private readonly appointmentId: string,
    private readonly handlers: SignallingHandlers,
  ) {}

  connect(): void {
    if (this.#closed) return
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
    const ws = new WebSocket(`${scheme}//${location.host}/api/consult/${this.appointmentId}/socket`)
    this.#ws = ws
    ws.onopen = () => {
      this.#attempt = 0
      this.handlers.onOpen()
    }
    ws.onmessage = (e: MessageEvent) => {
      if (typeof e.data !== 'string') return
      let parsed: unknown
      try {
        parsed = JSON.parse(e.data)
      } catch {
        return
      }
      if (typeof parsed === 'object' && parsed !== null && 'type' in parsed)
        this.handlers.onMessage(parsed as SignalServerMessage)
    }
    ws.onclose = (e: CloseEvent) => {
      if (this.#ws !== ws) return
      this.#ws = null
      const final = this.#closed || e.code === SignalClose.sessionEnded || e.code === SignalClose.replaced
      this.handlers.onDrop(final)
      if (final) return
      const delay = Math.min(10_000, 500 * 2 ** this.#attempt++)
      this.#timer = setTimeout(() => this.connect(), delay)
    }
  }

  get open(): boolean {
    return this.#ws?.readyState === WebSocket.OPEN
  }

  send(message: SignalClientMessage): void {
    if (this.#ws?.readyState === WebSocket.OPEN) this.#ws.send(JSON.stringify(message))
  }

  /** Test hook: drops the socket as a network failure would (the client reconnects). */
  drop(): void {
    this.#ws?.close(4000, 'dropped')
  }

  close(): void {
    this.#closed = true
    clearTimeout(this.#timer)
    const ws = this.#ws
    if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'leave' }))
    ws?.close(1000, 'left')
  }
}
