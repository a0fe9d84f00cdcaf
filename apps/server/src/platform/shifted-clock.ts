// A clock for browser tests of time-driven work (reminders firing the day before): the system
// time plus an offset in milliseconds that the test writes to a file. Honoured only when
// NODE_ENV=test and TESSERA_TEST_CLOCK_FILE are both set, and announced in the log, so a production
// server can never run on a moved clock by accident.
import { readFileSync, statSync } from 'node:fs'
import type { Logger } from 'pino'
import { systemClock, type Clock } from './clock.ts'

/** How often the offset file is looked at (now() is called on every request). */
const RECHECK_MS = 100

export function shiftedClock(file: string): Clock {
  let offset = 0
  let checkedAt = 0
  let seenMtime = -1
  return {
    now(): Date {
      const real = Date.now()
      if (real - checkedAt >= RECHECK_MS) {
        checkedAt = real
        try {
          const mtime = statSync(file).mtimeMs
          if (mtime !== seenMtime) {
            seenMtime = mtime
            const value = Number(readFileSync(file, 'utf8').trim())
            offset = Number.isFinite(value) ? value : 0
          }
        } catch {
          offset = 0
        }
      }
      return new Date(real + offset)
    },
  }
}

export function clockFromEnvironment(log: Logger): Clock {
  const file = process.env['TESSERA_TEST_CLOCK_FILE']
  if (!file || process.env['NODE_ENV'] !== 'test') return systemClock
  log.warn('test clock: time is shifted by the offset in TESSERA_TEST_CLOCK_FILE (NODE_ENV=test)')
  return shiftedClock(file)
}
