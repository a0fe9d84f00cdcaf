import type { FreeSlot } from '@tessera/contracts'
import { useCallback } from 'react'
import { schedulingApi } from '../../api/scheduling.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Loading } from '../../components/Loading.tsx'
import { SlotList } from '../../components/scheduling/SlotList.tsx'
import { useApiData } from '../../lib/use-api-data.ts'
import type { KindChoice } from './ChooseKind.tsx'

const SOONEST = 6

export interface NextSlotsProps {
  choice: KindChoice
  onPick: (slot: FreeSlot) => void
}

/** The soonest free times, first thing, as big buttons. */
export function NextSlots({ choice, onPick }: NextSlotsProps) {
  const load = useCallback(
    (signal: AbortSignal) =>
      schedulingApi.slots(
        {
          typeId: choice.typeId,
          limit: SOONEST,
          ...(choice.clinicianId ? { clinicianId: choice.clinicianId } : {}),
        },
        signal,
      ),
    [choice.typeId, choice.clinicianId],
  )
  const [slots, reload] = useApiData(load)
  return (
    <div className="next-slots">
      <h3 className="subsection-title" id="next-slots-title">
        Soonest free times
      </h3>
      {slots.status === 'loading' ? <Loading label="Finding the soonest free times…" /> : null}
      {slots.status === 'error' ? (
        <>
          <Alert tone="error" title="We could not find free times">
            {slots.message}
          </Alert>
          <Button variant="secondary" onPress={reload}>
            Try again
          </Button>
        </>
      ) : null}
      {slots.status === 'ready' && slots.data.slots.length === 0 ? (
        <p>There are no free times for this at the moment. Please call the clinic.</p>
      ) : null}
      {slots.status === 'ready' && slots.data.slots.length > 0 ? (
        <SlotList
          slots={slots.data.slots}
          label="Soonest free times"
          showDay
          showClinician={choice.clinicianId === ''}
          onPick={onPick}
        />
      ) : null}
    </div>
  )
}
