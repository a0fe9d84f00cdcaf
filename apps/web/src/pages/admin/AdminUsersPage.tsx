import type { SessionView } from '@tessera/contracts'
import { useCallback, useState } from 'react'
import { adminApi } from '../../api/admin.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Loading } from '../../components/Loading.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import type { Area } from '../../lib/areas.ts'
import { formatDateTime } from '../../lib/format-time.ts'
import { ROLE_LABELS } from '../../lib/roles.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import { InviteStaffCard } from './InviteStaffCard.tsx'
import { UserFilter, type UserScope } from './UserFilter.tsx'
import { UserItem } from './UserItem.tsx'

export interface AdminUsersPageProps {
  area: Area
  view: SessionView
}

/** Staff and patients: invite staff, change roles and flags, disable and enable accounts. */
export function AdminUsersPage({ area, view }: AdminUsersPageProps) {
  const [query, setQuery] = useState<{ scope: UserScope; q: string }>({ scope: 'staff', q: '' })
  const loadUsers = useCallback(
    (signal: AbortSignal) => adminApi.users(query.q ? query : { scope: query.scope }, signal),
    [query],
  )
  const [users, reloadUsers] = useApiData(loadUsers)
  const [invitations, reloadInvitations] = useApiData(adminApi.invitations)

  return (
    <>
      <PageHeader title="Users" titleContext={area.label}>
        <p>Invite staff, set their roles, and disable accounts that should no longer sign in.</p>
      </PageHeader>
      <div className="stack">
        <InviteStaffCard onInvited={reloadInvitations} />

        <section className="card" aria-labelledby="people-title">
          <h2 id="people-title" className="section-title">
            People
          </h2>
          <UserFilter onSearch={setQuery} />
          {users.status === 'loading' ? <Loading label="Loading users…" /> : null}
          {users.status === 'error' ? (
            <>
              <Alert tone="error" title="We could not load the users">
                {users.message}
              </Alert>
              <Button variant="secondary" onPress={reloadUsers}>
                Try again
              </Button>
            </>
          ) : null}
          {users.status === 'ready' && users.data.users.length === 0 ? (
            <p className="muted">Nobody matches.</p>
          ) : null}
          {users.status === 'ready' ? (
            <ul className="item-list" aria-label={query.scope === 'staff' ? 'Staff' : 'Patients'}>
              {users.data.users.map((user) => (
                <UserItem
                  key={user.id}
                  user={user}
                  isSelf={user.id === view.account.id}
                  onChanged={reloadUsers}
                />
              ))}
            </ul>
          ) : null}
        </section>

        <section className="card" aria-labelledby="invitations-title">
          <h2 id="invitations-title" className="section-title">
            Pending invitations
          </h2>
          {invitations.status === 'loading' ? <Loading label="Loading invitations…" /> : null}
          {invitations.status === 'error' ? (
            <Alert tone="error" title="We could not load the invitations">
              {invitations.message}
            </Alert>
          ) : null}
          {invitations.status === 'ready' && invitations.data.invitations.length === 0 ? (
            <p className="muted">No invitations are waiting to be accepted.</p>
          ) : null}
          {invitations.status === 'ready' && invitations.data.invitations.length > 0 ? (
            <ul className="item-list">
              {invitations.data.invitations.map((invitation) => (
                <li key={invitation.id} className="item">
                  <div className="item__main">
                    <p className="item__title">{invitation.email}</p>
                    <p className="item__meta">
                      {ROLE_LABELS[invitation.role]} · expires {formatDateTime(invitation.expiresAt)}
                    </p>
                  </div>
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      </div>
    </>
  )
}
