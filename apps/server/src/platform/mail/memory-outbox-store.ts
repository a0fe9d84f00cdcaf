// An OutboxStore in memory, for tests and for trying the app without a database. It keeps messages
// for the life of the object only.
import { randomUUID } from 'node:crypto'
import type { OutboxStore, StoredMail } from './outbox-transport.ts'

export interface MemoryOutboxStore extends OutboxStore {
  /** Copies, oldest first, each with the id `add` returned. */
  list(): Array<StoredMail & { id: string }>
}

export function createMemoryOutboxStore(): MemoryOutboxStore {
  const messages: Array<StoredMail & { id: string }> = []
  return {
    add(message) {
      const id = randomUUID()
      messages.push({ ...message, createdAt: new Date(message.createdAt), id })
      return Promise.resolve(id)
    },
    list() {
      return messages.map((m) => ({ ...m, createdAt: new Date(m.createdAt) }))
    },
  }
}
