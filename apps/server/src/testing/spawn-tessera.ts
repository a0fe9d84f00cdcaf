// Runs the real `tessera` command as a child process (what an operator runs), for CLI and browser tests.
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const TESSERA_BIN = fileURLToPath(new URL('../../bin/tessera.mjs', import.meta.url))

export interface TesseraProcess {
  child: ChildProcess
  output(): string
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>
  exited: Promise<number | null>
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

export function spawnTessera(args: string[], env: Record<string, string | undefined> = {}): TesseraProcess {
  const child = spawn(process.execPath, [TESSERA_BIN, ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let text = ''
  const listeners = new Set<() => void>()
  const onData = (chunk: Buffer): void => {
    text += chunk.toString('utf8')
    for (const l of listeners) l()
  }
  child.stdout?.on('data', onData)
  child.stderr?.on('data', onData)
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return {
    child,
    output: () => text,
    exited,
    // A liveness bound, not a timing assertion: a loaded CI machine can take a while to start Node.
    waitFor(pattern, timeoutMs = 90_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const m = text.match(pattern)
          if (m) {
            cleanup()
            resolve(m)
          }
        }
        const timer = setTimeout(() => {
          cleanup()
          reject(new Error(`timed out waiting for ${pattern}; output so far:\n${text}`))
        }, timeoutMs)
        const onExit = (): void => {
          cleanup()
          const m = text.match(pattern)
          if (m) resolve(m)
          else reject(new Error(`tessera exited before printing ${pattern}; output:\n${text}`))
        }
        const cleanup = (): void => {
          clearTimeout(timer)
          listeners.delete(check)
          child.off('exit', onExit)
        }
        listeners.add(check)
        child.once('exit', onExit)
        check()
      })
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
  }
}

/** Runs a command to completion. */
export async function runTessera(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<{ code: number | null; output: string }> {
  const p = spawnTessera(args, env)
  const code = await p.exited
  return { code, output: p.output() }
}
