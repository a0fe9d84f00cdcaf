import { useEffect, useState } from 'react'
import { adminApi } from '../api/admin.ts'

/**
 * Whether to offer the development outbox: only to admins, and only while the server keeps mail in
 * its outbox because no SMTP relay is configured (`smtpConfigured: false`).
 */
export function useOutboxVisible(enabled: boolean): boolean {
  const [visible, setVisible] = useState(false)
  useEffect(() => {
    if (!enabled) return
    const controller = new AbortController()
    adminApi.outbox(controller.signal).then(
      (outbox) => setVisible(!outbox.smtpConfigured),
      () => setVisible(false),
    )
    return () => controller.abort()
  }, [enabled])
  return enabled && visible
}
