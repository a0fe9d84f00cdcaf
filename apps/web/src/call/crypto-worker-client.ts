// Request/response wrapper around the one E2EE worker of a call.
import type { WorkerReply, WorkerRequest } from './worker-protocol.ts'

export class WorkerError extends Error {
  constructor(readonly code: string) {
    super(`E2EE worker: ${code}`)
    this.name = 'WorkerError'
  }
}

export class CryptoWorker {
  readonly #worker: Worker
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  #next = 1
  #dead = false

  constructor(onCrash: () => void) {
    this.#worker = new Worker(new URL('./e2ee-worker.ts', import.meta.url), { type: 'module' })
    this.#worker.onmessage = (e: MessageEvent<{ id: number; reply: WorkerReply }>) => {
      const waiting = this.#pending.get(e.data.id)
      if (!waiting) return
      this.#pending.delete(e.data.id)
      const reply = e.data.reply
      if (reply.ok) waiting.resolve(reply.value)
      else waiting.reject(new WorkerError(reply.code))
    }
    this.#worker.onerror = () => {
      this.#dead = true
      for (const w of this.#pending.values()) w.reject(new WorkerError('crashed'))
      this.#pending.clear()
      onCrash()
    }
  }

  call<T>(req: WorkerRequest, transfer: Transferable[] = []): Promise<T> {
    if (this.#dead) return Promise.reject(new WorkerError('crashed'))
    const id = this.#next++
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
      this.#worker.postMessage({ id, req }, transfer)
    })
  }

  terminate(): void {
    this.#dead = true
    this.#worker.terminate()
    for (const w of this.#pending.values()) w.reject(new WorkerError('ended'))
    this.#pending.clear()
  }
}
