import type { UserSummary } from '@tessera/contracts'
import { useState } from 'react'
import { adminApi } from '../../api/admin.ts'
import { Button } from '../../components/Button.tsx'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { ROLE_LABELS } from '../../lib/roles.ts'
import { useProtectedAction } from '../../lib/step-up.tsx'
import { EditUserDialog } from './EditUserDialog.tsx'
import { isStaff } from './staff-roles.ts'

export interface UserItemProps {
  user: UserSummary
  /** The signed-in admin: they cannot disable or demote themselves from here. */
  isSelf: boolean
  onChanged: () => void
}

/** One person: role, flags, second factor and status, with edit and disable/enable. */
export function UserItem({ user, isSelf, onChanged }: UserItemProps) {
  const protect = useProtectedAction()
  const [editing, setEditing] = useState(false)
  const [toggling, setToggling] = useState(false)
  const staff = isStaff(user.role)

  const toggleDisabled = async (): Promise<void> => {
    await protect(() => adminApi.updateUser(user.id, { disabled: !user.disabled }))
    onChanged()
  }

  return (
    <li className="item item--wrap">
      <div className="item__main">
        <p className="item__title">
          {user.displayName}
          {isSelf ? <span className="badge">You</span> : null}
        </p>
        <p className="item__meta">{user.email}</p>
        <ul className="badge-list" aria-label="Details">
          <li className="badge badge--info">{ROLE_LABELS[user.role]}</li>
          {user.prescriber ? <li className="badge">Prescriber</li> : null}
          {user.specialist ? <li className="badge">Specialist</li> : null}
          <li className={user.mfaEnrolled ? 'badge badge--success' : 'badge badge--warning'}>
            {user.mfaEnrolled ? 'Second factor set up' : 'No second factor yet'}
          </li>
          {user.disabled ? <li className="badge badge--danger">Disabled</li> : null}
        </ul>
      </div>
      {isSelf ? null : (
        <div className="item__actions">
          {staff ? (
            <Button variant="quiet" onPress={() => setEditing(true)}>
              Edit<span className="visually-hidden"> {user.displayName}</span>
            </Button>
          ) : null}
          <Button variant="quiet" onPress={() => setToggling(true)}>
            {user.disabled ? 'Enable' : 'Disable'}
            <span className="visually-hidden"> {user.displayName}</span>
          </Button>
        </div>
      )}
      {staff ? (
        <EditUserDialog user={user} isOpen={editing} onClose={() => setEditing(false)} onSaved={onChanged} />
      ) : null}
      <ConfirmDialog
        title={user.disabled ? `Enable ${user.displayName}?` : `Disable ${user.displayName}?`}
        isOpen={toggling}
        confirmLabel={user.disabled ? 'Enable account' : 'Disable account'}
        danger={!user.disabled}
        onConfirm={toggleDisabled}
        onClose={() => setToggling(false)}
      >
        <p>
          {user.disabled
            ? 'They will be able to sign in again with their password and second factor.'
            : 'They will be signed out everywhere and will not be able to sign in. Their records stay as they are.'}
        </p>
      </ConfirmDialog>
    </li>
  )
}
