// Guests the clinician admitted from this tab (sessionStorage, ids only). The call engine signs a
// guest onto the roster only if it is here: the server says who is connected, but cannot add a
// guest to the call without the clinician's own click (E2EE.md section 2, "Admission").
const key = (appointmentId: string) => `tessera.consult.admitted-guests.${appointmentId}`

export function admittedGuests(appointmentId: string): Set<string> {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(key(appointmentId)) ?? '[]')
    return new Set(Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [])
  } catch {
    return new Set()
  }
}

export function setGuestAdmitted(appointmentId: string, guestId: string, admitted: boolean): void {
  const ids = admittedGuests(appointmentId)
  if (admitted) ids.add(guestId)
  else ids.delete(guestId)
  sessionStorage.setItem(key(appointmentId), JSON.stringify([...ids]))
}
