// The slot engine's rules apart from daylight saving (slot-dst.test.ts): minimum notice, horizon,
// buffer, exceptions, busy intervals and the [from, to) window.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { freeSlots, type SlotInput } from './slot-engine.ts'
import { wallClock } from './local-time.ts'

const ZONE = 'Europe/London'
// Monday 2 March 2026, 08:00 in London (GMT): the clinic's working week ahead.
const NOW = new Date('2026-03-02T08:00:00Z')

function input(over: Partial<SlotInput> = {}, type: Partial<SlotInput['type']> = {}): SlotInput {
  return {
    timeZone: ZONE,
    rules: [{ weekday: 1, start: '09:00', end: '12:00' }],
    exceptions: [],
    type: { durationMinutes: 30, bufferMinutes: 0, minNoticeMinutes: 0, horizonDays: 60, ...type },
    busy: [],
    now: NOW,
    from: NOW,
    to: new Date('2026-03-03T00:00:00Z'),
    ...over,
  }
}

const times = (i: SlotInput) => freeSlots(i).map((s) => wallClock(ZONE, s.start).slice(11))
const at = (iso: string) => new Date(iso)

test('a 09:00-12:00 morning gives six 30-minute slots, soonest first, each with its end', () => {
  const slots = freeSlots(input())
  assert.deepEqual(
    slots.map((s) => wallClock(ZONE, s.start).slice(11)),
    ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'],
  )
  assert.equal(slots[0]!.end.toISOString(), '2026-03-02T09:30:00.000Z')
  assert.equal(slots[0]!.blockedUntil.toISOString(), '2026-03-02T09:30:00.000Z')
})

test('the buffer spaces the slots and must fit before the window ends', () => {
  // 30 + 10: 09:00, 09:40, 10:20, 11:00, 11:40 (ends 12:10 with its buffer: not offered).
  assert.deepEqual(times(input({}, { bufferMinutes: 10 })), ['09:00', '09:40', '10:20', '11:00'])
  const first = freeSlots(input({}, { bufferMinutes: 10 }))[0]!
  assert.equal(first.end.toISOString(), '2026-03-02T09:30:00.000Z')
  assert.equal(first.blockedUntil.toISOString(), '2026-03-02T09:40:00.000Z')
})

test('minimum notice: nothing starting sooner than now + notice', () => {
  // 08:00 now + 120 minutes: 10:00 is the first allowed start.
  assert.deepEqual(times(input({}, { minNoticeMinutes: 120 })), ['10:00', '10:30', '11:00', '11:30'])
  assert.deepEqual(times(input({}, { minNoticeMinutes: 121 })), ['10:30', '11:00', '11:30'])
})

test('horizon: nothing starting at or after now + horizon days', () => {
  const week = input({
    rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '10:00' })),
  })
  week.to = new Date('2026-04-30T00:00:00Z')
  const slots = freeSlots({ ...week, type: { ...week.type, horizonDays: 3 } })
  // Now is Monday 08:00; three days on is Thursday 08:00: Monday, Tuesday, Wednesday only.
  assert.deepEqual(
    slots.map((s) => wallClock(ZONE, s.start)),
    ['2026-03-02', '2026-03-03', '2026-03-04'].flatMap((d) => [`${d} 09:00`, `${d} 09:30`]),
  )
})

test('the window is [from, to): a slot starting at `to` is not in it, one at `from` is', () => {
  const slots = freeSlots(input({ from: at('2026-03-02T09:30:00Z'), to: at('2026-03-02T10:30:00Z') }))
  assert.deepEqual(
    slots.map((s) => s.start.toISOString()),
    ['2026-03-02T09:30:00.000Z', '2026-03-02T10:00:00.000Z'],
  )
  assert.deepEqual(freeSlots(input({ from: at('2026-03-02T11:00:00Z'), to: at('2026-03-02T11:00:00Z') })), [])
})

test('a booked appointment and its buffer take the slots they overlap, and only those', () => {
  const busy = [{ start: at('2026-03-02T09:30:00Z'), end: at('2026-03-02T10:10:00Z') }]
  assert.deepEqual(times(input({ busy })), ['09:00', '10:30', '11:00', '11:30'])
  // Touching is not overlapping: busy until 09:30 leaves the 09:30 slot free.
  const before = [{ start: at('2026-03-02T09:00:00Z'), end: at('2026-03-02T09:30:00Z') }]
  assert.deepEqual(times(input({ busy: before })), ['09:30', '10:00', '10:30', '11:00', '11:30'])
})

test('leave removes the slots it overlaps; an extra session adds slots on its own grid', () => {
  const leave = {
    kind: 'unavailable' as const,
    start: at('2026-03-02T10:15:00Z'),
    end: at('2026-03-02T11:00:00Z'),
  }
  assert.deepEqual(times(input({ exceptions: [leave] })), ['09:00', '09:30', '11:00', '11:30'])
  // Tuesday has no weekly rule; a one-off session 14:10-15:10 gives 14:10 and 14:40.
  const extra = {
    kind: 'available' as const,
    start: at('2026-03-03T14:10:00Z'),
    end: at('2026-03-03T15:10:00Z'),
  }
  const slots = freeSlots(input({ exceptions: [extra], to: at('2026-03-04T00:00:00Z') }))
  assert.deepEqual(
    slots.filter((s) => s.start >= at('2026-03-03T00:00:00Z')).map((s) => wallClock(ZONE, s.start)),
    ['2026-03-03 14:10', '2026-03-03 14:40'],
  )
})

test('leave wins over an extra session; an extra session joined to the weekly hours lets a slot run on', () => {
  const extra = {
    kind: 'available' as const,
    start: at('2026-03-02T12:00:00Z'),
    end: at('2026-03-02T13:00:00Z'),
  }
  const leave = {
    kind: 'unavailable' as const,
    start: at('2026-03-02T12:00:00Z'),
    end: at('2026-03-02T12:30:00Z'),
  }
  assert.deepEqual(times(input({ exceptions: [extra, leave] })), [
    '09:00',
    '09:30',
    '10:00',
    '10:30',
    '11:00',
    '11:30',
    '12:30',
  ])
  // 30 + 10: the 11:40 slot's block ends 12:20, inside the joined availability; the session's own
  // grid starts at 12:00 (12:40 would block until 13:20, past its end). Offers from two windows may
  // overlap; booking one makes the other busy.
  assert.deepEqual(times(input({ exceptions: [extra] }, { bufferMinutes: 10 })), [
    '09:00',
    '09:40',
    '10:20',
    '11:00',
    '11:40',
    '12:00',
  ])
})

test('no rules and no sessions: no slots; a rule on another weekday: none today', () => {
  assert.deepEqual(freeSlots(input({ rules: [] })), [])
  assert.deepEqual(freeSlots(input({ rules: [{ weekday: 2, start: '09:00', end: '12:00' }] })), [])
})
