import { useEffect, useRef } from 'react'
import { listenForThreads } from '../../api/messages.ts'

/** Calls `onThread(id)` whenever the live stream says a thread changed, while the page is open. */
export function useLiveThreads(onThread: (threadId: string) => void): void {
  const latest = useRef(onThread)
  useEffect(() => {
    latest.current = onThread
  }, [onThread])
  useEffect(() => listenForThreads((threadId) => latest.current(threadId)), [])
}
