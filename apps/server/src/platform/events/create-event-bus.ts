// The bus the configuration asks for: Redis when REDIS_URL is set (several instances), otherwise
// in-process (one instance).
import type { Logger } from 'pino'
import { InProcessEventBus, type EventBus } from './event-bus.ts'
import { RedisEventBus } from './redis-event-bus.ts'

export function createEventBus(options: { redisUrl?: string | undefined; log: Logger }): EventBus {
  return options.redisUrl
    ? new RedisEventBus(options.redisUrl, options.log)
    : new InProcessEventBus(options.log)
}
