// The event bus over Redis pub/sub: one connection publishes, one subscribes (a subscribed Redis
// connection can do nothing else). Channels are prefixed so a shared Redis can serve other apps.
// The subscriber subscribes to a channel when its first local handler arrives and unsubscribes
// after the last one leaves; ioredis re-subscribes by itself after a reconnect.
import { Redis } from 'ioredis'
import type { Logger } from 'pino'
import {
  assertChannel,
  HandlerSet,
  type EventBus,
  type EventHandler,
  type EventPayload,
} from './event-bus.ts'

const PREFIX = 'tessera:'

export class RedisEventBus implements EventBus {
  private readonly pub: Redis
  private readonly sub: Redis
  private readonly handlers = new HandlerSet()

  constructor(
    url: string,
    private readonly log: Logger,
  ) {
    // Errors are logged by code only: a Redis error message can quote the URL and its password.
    const options = { lazyConnect: true, maxRetriesPerRequest: 3 }
    this.pub = new Redis(url, options)
    this.sub = new Redis(url, options)
    for (const [name, client] of [
      ['pub', this.pub],
      ['sub', this.sub],
    ] as const)
      client.on('error', (err: NodeJS.ErrnoException) =>
        this.log.warn({ connection: name, code: err.code ?? 'redis-error' }, 'event bus: Redis error'),
      )
    this.sub.on('message', (prefixed: string, text: string) => {
      if (!prefixed.startsWith(PREFIX)) return
      let payload: EventPayload
      try {
        payload = JSON.parse(text) as EventPayload
      } catch {
        this.log.warn({ channel: prefixed }, 'event bus: unreadable message ignored')
        return
      }
      this.handlers.deliver(prefixed.slice(PREFIX.length), payload, this.log)
    })
  }

  private async connected(client: Redis): Promise<void> {
    if (client.status === 'wait') await client.connect()
  }

  async publish(channel: string, payload: EventPayload): Promise<void> {
    assertChannel(channel)
    await this.connected(this.pub)
    await this.pub.publish(PREFIX + channel, JSON.stringify(payload))
  }

  async subscribe(channel: string, handler: EventHandler): Promise<() => void> {
    assertChannel(channel)
    if (this.handlers.add(channel, handler)) {
      await this.connected(this.sub)
      await this.sub.subscribe(PREFIX + channel)
    }
    return () => {
      if (this.handlers.remove(channel, handler))
        this.sub.unsubscribe(PREFIX + channel).catch((err: NodeJS.ErrnoException) => {
          this.log.warn({ code: err.code ?? 'redis-error' }, 'event bus: unsubscribe failed')
        })
    }
  }

  async close(): Promise<void> {
    this.handlers.clear()
    // A lazy connection that never connected is dropped; a live one finishes what it sent first.
    await Promise.allSettled(
      [this.pub, this.sub].map((c) => (c.status === 'wait' ? Promise.resolve(c.disconnect()) : c.quit())),
    )
  }
}
