import { useState } from 'react'
import { useLocation } from 'wouter'
import { noticeState } from '../lib/notice-state.ts'
import { useSession } from '../lib/session.tsx'
import { Button } from './Button.tsx'

/** Ends this session on the server and returns to the sign-in page. */
export function SignOutButton() {
  const { signOut } = useSession()
  const [, navigate] = useLocation()
  const [pending, setPending] = useState(false)

  const onPress = async (): Promise<void> => {
    setPending(true)
    await signOut()
    setPending(false)
    navigate('/sign-in', { state: noticeState('You have signed out.') })
  }

  return (
    <Button variant="quiet" className="sign-out-button" isPending={pending} onPress={() => void onPress()}>
      Sign out
    </Button>
  )
}
