// The messaging module's parts, built once for the application context.
import { MessagingService } from './message-service.ts'
import { MessageStreams, type StreamDeps } from './message-stream.ts'

export interface MessagingModule {
  service: MessagingService
  streams: MessageStreams
}

export function createMessaging(deps: StreamDeps): MessagingModule {
  return { service: new MessagingService(deps), streams: new MessageStreams(deps) }
}
