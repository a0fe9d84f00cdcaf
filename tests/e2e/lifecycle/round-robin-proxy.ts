// A load balancer without sticky sessions, for the "more than one machine" lifecycle variant: every
// HTTP request goes to the next upstream in turn, and WebSocket upgrades alternate per path (so the
// first two sockets of one call, the patient's and the clinician's, land on different instances).
// The Host header passes unchanged, so the instances see the address people use.
import { createServer, request, type Server } from 'node:http'
import { connect } from 'node:net'

export interface Upstream {
  host: string
  port: number
}

export interface RoundRobinProxy {
  url: string
  /** Which upstream (index) took each request and upgrade, in order. */
  log: Array<{ kind: 'http' | 'ws'; path: string; upstream: number }>
  close(): Promise<void>
}

export async function startRoundRobinProxy(upstreams: Upstream[], port = 0): Promise<RoundRobinProxy> {
  const log: RoundRobinProxy['log'] = []
  let next = 0
  const perPath = new Map<string, number>()
  // Upgraded sockets leave the HTTP server's bookkeeping: kept here, to close them at the end.
  const tunnels = new Set<{ destroy(): void }>()
  const server: Server = createServer((req, res) => {
    const upstream = next++ % upstreams.length
    const target = upstreams[upstream]!
    log.push({ kind: 'http', path: req.url ?? '', upstream })
    const out = request(
      { host: target.host, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.rawHeaders)
        answer.pipe(res)
      },
    )
    out.on('error', () => res.destroy())
    req.pipe(out)
  })
  server.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '').split('?')[0]!
    const count = perPath.get(path) ?? 0
    perPath.set(path, count + 1)
    const upstream = count % upstreams.length
    const target = upstreams[upstream]!
    log.push({ kind: 'ws', path, upstream })
    const out = connect(target.port, target.host, () => {
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`]
      for (let i = 0; i < req.rawHeaders.length; i += 2)
        lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`)
      out.write(`${lines.join('\r\n')}\r\n\r\n`)
      out.write(head)
      out.pipe(socket).pipe(out)
    })
    tunnels.add(out).add(socket)
    const end = () => {
      out.destroy()
      socket.destroy()
      tunnels.delete(out)
      tunnels.delete(socket)
    }
    out.on('close', end)
    socket.on('close', end)
    out.on('error', end)
    socket.on('error', end)
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const { port: bound } = server.address() as { port: number }
  return {
    url: `http://localhost:${bound}`,
    log,
    close: () =>
      new Promise((resolve) => {
        for (const t of tunnels) t.destroy()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
