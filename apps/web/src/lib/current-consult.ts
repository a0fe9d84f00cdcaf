// Which consultation the consult page shows. Paths carry no identifiers (S32), so the appointment id
// lives in this tab's sessionStorage: a reload keeps the call page, another tab starts empty.
const KEY = 'tessera.consult.appointment'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function currentConsult(): string | null {
  const id = sessionStorage.getItem(KEY)
  return id && UUID.test(id) ? id : null
}

export function setCurrentConsult(appointmentId: string | null): void {
  if (appointmentId && UUID.test(appointmentId)) sessionStorage.setItem(KEY, appointmentId)
  else sessionStorage.removeItem(KEY)
}
