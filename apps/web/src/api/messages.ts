// Secure messaging: threads, messages and notes, triage, read receipts, and the live stream that
// says only which thread changed (the page then re-reads it through the audited routes).
import type {
  AssigneeList,
  NewMessageBody,
  NewThreadBody,
  ThreadDetail,
  ThreadList,
  ThreadListQuery,
  ThreadSummary,
  ThreadUpdateBody,
} from '@tessera/contracts'
import { api } from './client.ts'

const threadPath = (threadId: string): string => `/api/messages/threads/${encodeURIComponent(threadId)}`
const opts = (signal?: AbortSignal) => (signal ? { signal } : {})

export const messagesApi = {
  list: (query: ThreadListQuery = {}, signal?: AbortSignal) => {
    const params = new URLSearchParams()
    if (query.status) params.set('status', query.status)
    if (query.assigned) params.set('assigned', query.assigned)
    const qs = params.toString()
    return api.get<ThreadList>(`/api/messages/threads${qs ? `?${qs}` : ''}`, opts(signal))
  },
  get: (threadId: string, signal?: AbortSignal) => api.get<ThreadDetail>(threadPath(threadId), opts(signal)),
  start: (body: NewThreadBody) => api.post<ThreadDetail>('/api/messages/threads', body),
  send: (threadId: string, body: NewMessageBody) =>
    api.post<ThreadDetail>(`${threadPath(threadId)}/messages`, body),
  markRead: (threadId: string) => api.post<ThreadSummary>(`${threadPath(threadId)}/read`),
  update: (threadId: string, body: ThreadUpdateBody) => api.patch<ThreadSummary>(threadPath(threadId), body),
  assignees: (threadId: string, signal?: AbortSignal) =>
    api.get<AssigneeList>(`${threadPath(threadId)}/assignees`, opts(signal)),
}

const THREAD_ID = /^[0-9a-f-]{36}$/i

/**
 * Listens to the live stream; calls `onThread` with the id of each thread that changed. The
 * browser's EventSource reconnects by itself (and sends the session cookie: same origin).
 * Returns the function that stops listening.
 */
export function listenForThreads(onThread: (threadId: string) => void): () => void {
  if (typeof EventSource === 'undefined') return () => {}
  const source = new EventSource('/api/messages/events')
  source.addEventListener('thread', (event) => {
    try {
      const data = JSON.parse(String((event as MessageEvent<unknown>).data)) as { threadId?: unknown }
      if (typeof data.threadId === 'string' && THREAD_ID.test(data.threadId)) onThread(data.threadId)
    } catch {
      // Not ours to interpret: ignored.
    }
  })
  return () => source.close()
}
