// Starting the processes a benchmark measures: Tessera itself (the real `tessera start`) and bare baselines.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnTessera } from '../../apps/server/src/testing/spawn-tessera.ts'
import type { ServerUnderTest, Side } from './ab.ts'

export function tesseraSide(name: string, env: Record<string, string> = {}): Side {
  return {
    name,
    async start(): Promise<ServerUnderTest> {
      const data = mkdtempSync(join(tmpdir(), 'tessera-bench-'))
      const p = spawnTessera(['start', '--data', data, '--port', '0'], {
        LOG_LEVEL: 'info',
        TESSERA_RATE_LIMIT_PER_MINUTE: '100000000',
        ...env,
      })
      const [, url] = await p.waitFor(/running at (http:\/\/\S+)/)
      // Request logs are part of the real cost; send them nowhere rather than to our terminal.
      p.child.stdout?.removeAllListeners('data')
      p.child.stdout?.resume()
      const stop = async (): Promise<void> => {
        await p.stop()
        rmSync(data, { recursive: true, force: true })
      }
      return { url: url!, pid: p.child.pid!, stop }
    },
  }
}

/** A server script (`.mjs`, or `.ts` run through tsx) that prints `listening at URL` when ready. */
export function scriptSide(name: string, script: string, env: Record<string, string> = {}): Side {
  return {
    name,
    start: () =>
      new Promise((resolve, reject) => {
        const args = script.endsWith('.ts') ? ['--import', 'tsx', script] : [script]
        const child = spawn(process.execPath, args, {
          stdio: ['ignore', 'pipe', 'inherit'],
          env: { ...process.env, ...env },
        })
        child.stdout.on('data', (chunk: Buffer) => {
          const m = chunk.toString().match(/listening at (\S+)/)
          if (m) {
            child.stdout.resume()
            resolve({
              url: m[1]!,
              pid: child.pid!,
              stop: () =>
                new Promise<void>((r) => {
                  child.once('exit', () => r())
                  child.kill('SIGTERM')
                }),
            })
          }
        })
        child.once('error', reject)
        // After `listening at`, rejecting is a no-op; before it, the script failed to start.
        child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before listening`)))
      }),
  }
}
