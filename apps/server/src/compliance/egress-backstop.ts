// The process-level egress backstop (S39, "HTTP clients and raw sockets alike"). The guarded
// clients (SMTP, the anchor's and OpenID provider's fetch, clamd) ask the EgressGuard themselves;
// this catches every other code path: it wraps `net.Socket.prototype.connect`, which `net.connect`,
// `net.createConnection`, `tls.connect`, `http`/`https` agents and the built-in `fetch` (undici)
// all go through, and refuses a TCP connection to a host the guard's last loaded allowlist does not
// hold. The check is synchronous (connect is), so it uses `EgressGuard.allowsNow`; loopback, the
// database and Redis hosts are allowed there. Unix sockets and named pipes are local and allowed.
//
// A refusal does not throw from `connect` (callers expect network errors as 'error' events): the
// socket is destroyed on the next tick with EgressBlocked, and the guard logs the host only and
// audits `egress.blocked` with purpose `other`.
//
// This patches a process-wide prototype, so the installed guards live in module state: that is the
// one place it can live. Only the running server (startServer) and the tests that exercise it
// install it; `uninstall` restores the original. With several servers in one process (tests), a
// connection is allowed when any installed guard allows it. Not covered: UDP (`dgram`) and the DNS
// resolver's own queries, which are not connections to a destination of the application's choice.
import net from 'node:net'
import { EgressBlocked, type EgressGuard } from './egress-guard.ts'
import { normaliseDestination } from './egress-hosts.ts'

type Connect = typeof net.Socket.prototype.connect
type AnyConnect = (this: net.Socket, ...args: unknown[]) => net.Socket

const installed = new Set<EgressGuard>()
let original: Connect | null = null

/** Where a `Socket#connect(...)` call goes: a TCP host, or null for a local (IPC) path. */
export function connectDestination(args: unknown[]): string | null {
  let first = args[0]
  // net.connect() passes its already normalised arguments as an array ([options, callback]).
  if (Array.isArray(first)) first = first[0]
  if (typeof first === 'object' && first !== null) {
    const options = first as { path?: unknown; host?: unknown }
    if (typeof options.path === 'string' && options.path !== '') return null
    return typeof options.host === 'string' && options.host !== '' ? options.host : 'localhost'
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return null // connect(path, cb)
  return typeof args[1] === 'string' && args[1] !== '' ? args[1] : 'localhost'
}

function allowedByAny(host: string): boolean {
  for (const guard of installed) if (guard.allowsNow(host)) return true
  return false
}

/** Starts refusing outbound connections the guard does not allow; returns the uninstaller. */
export function installEgressBackstop(guard: EgressGuard): () => void {
  installed.add(guard)
  if (!original) {
    // Kept to be called with the socket as `this` (apply below), and restored by uninstall.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const connect: Connect = net.Socket.prototype.connect
    original = connect
    const call = connect as unknown as AnyConnect
    const guardedConnect: AnyConnect = function (...args) {
      const host = connectDestination(args)
      if (host === null || allowedByAny(host)) return call.apply(this, args)
      const [reporter] = installed
      reporter?.reportBlocked(host, 'other')
      const error = new EgressBlocked(normaliseDestination(host))
      process.nextTick(() => this.destroy(error))
      return this
    }
    net.Socket.prototype.connect = guardedConnect
  }
  return () => uninstall(guard)
}

function uninstall(guard: EgressGuard): void {
  installed.delete(guard)
  if (installed.size === 0 && original) {
    net.Socket.prototype.connect = original
    original = null
  }
}

/** Whether any backstop is installed in this process (for tests and the compliance check). */
export function egressBackstopInstalled(): boolean {
  return original !== null
}
