// Builds the P9/P10 call harness (bench/call-harness: the real E2EE worker, sdp.ts and
// crypto-worker-client.ts of apps/web, bundled by Vite as the web app is) into a directory of its
// own, and serves it on 127.0.0.1 (a secure context: camera, WebCrypto and workers as in the app).
import { readFileSync, statSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

const HARNESS = fileURLToPath(new URL('../call-harness', import.meta.url))

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
}

export async function buildCallHarness(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: HARNESS,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      modulePreload: { polyfill: false },
      assetsInlineLimit: 0,
      sourcemap: false,
    },
  })
}

export interface HarnessServer {
  url: string
  close(): Promise<void>
}

export async function serveHarness(dir: string): Promise<HarnessServer> {
  const server = http.createServer((req, res) => {
    const path = normalize(new URL(req.url ?? '/', 'http://x').pathname).replace(/^(\.\.[/\\])+/, '')
    const file = join(dir, path === '/' ? 'index.html' : path)
    try {
      if (!file.startsWith(dir) || !statSync(file).isFile()) throw new Error('not found')
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
      res.end(readFileSync(file))
    } catch {
      res.writeHead(404).end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
