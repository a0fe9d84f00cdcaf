// A small publish/subscribe bus for "something changed" signals between the parts of the server
// and between instances: in-process by default, Redis pub/sub when REDIS_URL is set, so a change
// made on one instance reaches the browsers connected to another. Payloads are small JSON objects
// of ids (never PHI: with Redis they leave the process). Delivery is at most once and best effort:
// a listener that must not miss anything re-reads its state from the database when told to look.
import type { Logger } from 'pino'

/** JSON that survives a round trip through Redis unchanged. */
export type EventValue = string | number | boolean | null | EventValue[] | { [key: string]: EventValue }
export type EventPayload = { [key: string]: EventValue }

export type EventHandler = (payload: EventPayload) => void

export interface EventBus {
  /** Delivers `payload` to every subscriber of `channel`, on every instance (including this one). */
  publish(channel: string, payload: EventPayload): Promise<void>
  /** Returns the function that unsubscribes. Handlers run asynchronously, never inside `publish`. */
  subscribe(channel: string, handler: EventHandler): Promise<() => void>
  close(): Promise<void>
}

/** Channel names are `<module>:<what>[:<id>]`, e.g. `messaging:patient:<uuid>`. */
export const CHANNEL = /^[a-z][a-z0-9-]*(:[A-Za-z0-9-]+)+$/

export function assertChannel(channel: string): void {
  if (!CHANNEL.test(channel)) throw new TypeError('event channel names are <module>:<what>[:<id>]')
}

/** Subscribers of one process, grouped by channel (both buses keep their local handlers here). */
export class HandlerSet {
  private readonly byChannel = new Map<string, Set<EventHandler>>()

  /** Returns true when this is the channel's first handler. */
  add(channel: string, handler: EventHandler): boolean {
    const set = this.byChannel.get(channel)
    if (set) {
      set.add(handler)
      return false
    }
    this.byChannel.set(channel, new Set([handler]))
    return true
  }

  /** Returns true when the channel has no handler left. */
  remove(channel: string, handler: EventHandler): boolean {
    const set = this.byChannel.get(channel)
    if (!set) return false
    set.delete(handler)
    if (set.size > 0) return false
    this.byChannel.delete(channel)
    return true
  }

  deliver(channel: string, payload: EventPayload, log?: Logger): void {
    for (const handler of [...(this.byChannel.get(channel) ?? [])]) {
      try {
        handler(payload)
      } catch (err) {
        log?.error({ err, channel }, 'event handler failed')
      }
    }
  }

  clear(): void {
    this.byChannel.clear()
  }
}

export class InProcessEventBus implements EventBus {
  private readonly handlers = new HandlerSet()

  constructor(private readonly log?: Logger) {}

  async publish(channel: string, payload: EventPayload): Promise<void> {
    assertChannel(channel)
    // A copy, as Redis would deliver: a handler never shares an object with the publisher.
    const copy = JSON.parse(JSON.stringify(payload)) as EventPayload
    setImmediate(() => this.handlers.deliver(channel, copy, this.log))
  }

  async subscribe(channel: string, handler: EventHandler): Promise<() => void> {
    assertChannel(channel)
    this.handlers.add(channel, handler)
    return () => void this.handlers.remove(channel, handler)
  }

  async close(): Promise<void> {
    this.handlers.clear()
  }
}
