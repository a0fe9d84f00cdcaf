// A pino destination that keeps every line, so tests can assert what reached the logs.
import { Writable } from 'node:stream'
import { createLogger, type Logger } from '../platform/logger.ts'

export interface LogCapture {
  log: Logger
  lines: string[]
  text: () => string
}

export function captureLogs(level = 'info'): LogCapture {
  const lines: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean))
      done()
    },
  })
  return { log: createLogger(level, stream), lines, text: () => lines.join('\n') }
}
