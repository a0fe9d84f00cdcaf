// Daylight saving (issue 8): over the 2026 and 2027 transitions in Europe/London and
// America/New_York, no slot is lost, doubled or shifted. Expected times are written out in full:
// the clinician's wall clock, and the instant (UTC) a patient anywhere is shown.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { freeSlots, type SlotInput, type WeeklyRule } from './slot-engine.ts'
import { wallClock } from './local-time.ts'

const HOUR = 3_600_000
const EVERY_DAY = (start: string, end: string): WeeklyRule[] =>
  [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start, end }))

function slots(timeZone: string, rules: WeeklyRule[], from: string, hours: number, step = { d: 30, b: 0 }) {
  const input: SlotInput = {
    timeZone,
    rules,
    exceptions: [],
    type: { durationMinutes: step.d, bufferMinutes: step.b, minNoticeMinutes: 0, horizonDays: 800 },
    busy: [],
    now: new Date('2026-01-01T00:00:00Z'),
    from: new Date(from),
    to: new Date(new Date(from).getTime() + hours * HOUR),
  }
  return freeSlots(input)
}

const local = (zone: string, list: ReturnType<typeof slots>) => list.map((s) => wallClock(zone, s.start))
const utc = (list: ReturnType<typeof slots>) => list.map((s) => s.start.toISOString().slice(0, 16))
const halfHours = (from: number, to: number) =>
  Array.from({ length: (to - from) * 2 }, (_, i) => {
    const m = from * 60 + i * 30
    return `${String(Math.floor(m / 60)).padStart(2, '0')}:${m % 60 === 0 ? '00' : '30'}`
  })

interface Transition {
  zone: string
  /** The Sunday the clocks change. */
  date: string
  /** UTC offset before and after, in hours. */
  before: number
  after: number
  /** Expected 00:00-04:00 slots: local wall clock and UTC. */
  night: { local: string[]; utc: string[] }
}

const SPRING_LONDON = (d: string, prev: string): Transition['night'] => {
  void prev
  return {
    local: ['00:00', '00:30', '02:00', '02:30', '03:00', '03:30'].map((t) => `${d} ${t}`),
    utc: ['00:00', '00:30', '01:00', '01:30', '02:00', '02:30'].map((t) => `${d}T${t}`),
  }
}
const AUTUMN_LONDON = (d: string, prev: string): Transition['night'] => ({
  local: halfHours(0, 4).map((t) => `${d} ${t}`),
  utc: [
    `${prev}T23:00`,
    `${prev}T23:30`,
    `${d}T00:00`,
    `${d}T00:30`,
    `${d}T02:00`,
    `${d}T02:30`,
    `${d}T03:00`,
    `${d}T03:30`,
  ],
})
const SPRING_NEW_YORK = (d: string): Transition['night'] => ({
  local: ['00:00', '00:30', '01:00', '01:30', '03:00', '03:30'].map((t) => `${d} ${t}`),
  utc: ['05:00', '05:30', '06:00', '06:30', '07:00', '07:30'].map((t) => `${d}T${t}`),
})
const AUTUMN_NEW_YORK = (d: string): Transition['night'] => ({
  local: halfHours(0, 4).map((t) => `${d} ${t}`),
  utc: ['04:00', '04:30', '05:00', '05:30', '07:00', '07:30', '08:00', '08:30'].map((t) => `${d}T${t}`),
})

const TRANSITIONS: Transition[] = [
  {
    zone: 'Europe/London',
    date: '2026-03-29',
    before: 0,
    after: 1,
    night: SPRING_LONDON('2026-03-29', '2026-03-28'),
  },
  {
    zone: 'Europe/London',
    date: '2026-10-25',
    before: 1,
    after: 0,
    night: AUTUMN_LONDON('2026-10-25', '2026-10-24'),
  },
  {
    zone: 'Europe/London',
    date: '2027-03-28',
    before: 0,
    after: 1,
    night: SPRING_LONDON('2027-03-28', '2027-03-27'),
  },
  {
    zone: 'Europe/London',
    date: '2027-10-31',
    before: 1,
    after: 0,
    night: AUTUMN_LONDON('2027-10-31', '2027-10-30'),
  },
  {
    zone: 'America/New_York',
    date: '2026-03-08',
    before: -5,
    after: -4,
    night: SPRING_NEW_YORK('2026-03-08'),
  },
  {
    zone: 'America/New_York',
    date: '2026-11-01',
    before: -4,
    after: -5,
    night: AUTUMN_NEW_YORK('2026-11-01'),
  },
  {
    zone: 'America/New_York',
    date: '2027-03-14',
    before: -5,
    after: -4,
    night: SPRING_NEW_YORK('2027-03-14'),
  },
  {
    zone: 'America/New_York',
    date: '2027-11-07',
    before: -4,
    after: -5,
    night: AUTUMN_NEW_YORK('2027-11-07'),
  },
]

const shiftDate = (date: string, days: number) =>
  new Date(new Date(`${date}T00:00:00Z`).getTime() + days * 24 * HOUR).toISOString().slice(0, 10)

for (const tr of TRANSITIONS) {
  test(`${tr.zone} ${tr.date}: 09:00-17:00 keeps the same 16 local times the day before, of and after`, () => {
    const days = [-1, 0, 1].map((n) => shiftDate(tr.date, n))
    const found = slots(tr.zone, EVERY_DAY('09:00', '17:00'), `${days[0]}T00:00:00Z`, 72 + 12)
    const byDay = days.map((day) => local(tr.zone, found).filter((t) => t.startsWith(day)))
    for (const [i, day] of days.entries()) {
      assert.deepEqual(
        byDay[i],
        halfHours(9, 17).map((t) => `${day} ${t}`),
        `${day}: every half hour 09:00-16:30, none lost, doubled or shifted`,
      )
    }
    // The instants: local time minus the day's offset (before the change on the day before, after it
    // on the day itself and the day after, since every change happens in the small hours).
    const onDay = found.filter((s) => wallClock(tr.zone, s.start).startsWith(tr.date))
    assert.equal(
      onDay[0]!.start.toISOString(),
      new Date(Date.parse(`${tr.date}T09:00:00Z`) - tr.after * HOUR).toISOString(),
    )
    const dayBefore = found.filter((s) => wallClock(tr.zone, s.start).startsWith(days[0]!))
    assert.equal(
      dayBefore[0]!.start.toISOString(),
      new Date(Date.parse(`${days[0]}T09:00:00Z`) - tr.before * HOUR).toISOString(),
    )
    // A 09:00-17:00 day is 8 wall-clock hours; every slot lasts exactly its 30 minutes.
    assert.ok(onDay.every((s) => s.end.getTime() - s.start.getTime() === 30 * 60_000))
    assert.equal(onDay[onDay.length - 1]!.end.getTime() - onDay[0]!.start.getTime(), 8 * HOUR)
  })

  test(`${tr.zone} ${tr.date}: 00:00-04:00 across the change (skipped times skipped, repeated times once)`, () => {
    const sunday = [{ weekday: 7, start: '00:00', end: '04:00' }]
    const found = slots(tr.zone, sunday, `${shiftDate(tr.date, -1)}T12:00:00Z`, 36)
    assert.deepEqual(local(tr.zone, found), tr.night.local)
    assert.deepEqual(utc(found), tr.night.utc)
    assert.equal(new Set(utc(found)).size, found.length, 'no instant twice')
  })
}

test('a step that does not divide the hour: after the spring jump no offered slot overlaps the one before', () => {
  const found = slots(
    'Europe/London',
    [{ weekday: 7, start: '00:00', end: '04:00' }],
    '2026-03-28T12:00:00Z',
    36,
    {
      d: 30,
      b: 10,
    },
  )
  // Grid 00:00, 00:40, 01:20 (does not exist), 02:00 (= 01:00Z, inside the 00:40 slot's block), 02:40, 03:20.
  assert.deepEqual(
    local('Europe/London', found),
    ['00:00', '00:40', '02:40', '03:20'].map((t) => `2026-03-29 ${t}`),
  )
  for (let i = 1; i < found.length; i++) assert.ok(found[i]!.start >= found[i - 1]!.blockedUntil)
})

test('a rule inside the skipped hour gives nothing; one ending in it stops at the jump', () => {
  const zone = 'Europe/London'
  assert.deepEqual(
    slots(zone, [{ weekday: 7, start: '01:00', end: '02:00' }], '2026-03-28T12:00:00Z', 36),
    [],
  )
  const early = slots(zone, [{ weekday: 7, start: '00:00', end: '01:30' }], '2026-03-28T12:00:00Z', 36)
  assert.deepEqual(local(zone, early), ['2026-03-29 00:00', '2026-03-29 00:30'])
})

test('an end of 24:00 is midnight at the end of that day, also when the clocks went back that day', () => {
  const zone = 'America/New_York'
  const found = slots(zone, [{ weekday: 7, start: '22:00', end: '24:00' }], '2026-11-01T00:00:00Z', 48)
  assert.deepEqual(
    local(zone, found),
    ['22:00', '22:30', '23:00', '23:30'].map((t) => `2026-11-01 ${t}`),
  )
  assert.equal(found[3]!.end.toISOString(), '2026-11-02T05:00:00.000Z')
})

test('a patient in another zone is shown the same instants, whatever window their own day makes', () => {
  // Dr in London on the day the UK clocks go forward; New York is already on summer time.
  const rules = [{ weekday: 7, start: '09:00', end: '12:00' }]
  const clinicianDay = slots('Europe/London', rules, '2026-03-29T00:00:00Z', 24)
  // The patient asks for their own Sunday: 00:00 EDT (04:00Z) for 24 hours.
  const patientDay = slots('Europe/London', rules, '2026-03-29T04:00:00Z', 24)
  assert.deepEqual(utc(patientDay), utc(clinicianDay))
  assert.deepEqual(
    clinicianDay.map((s) => wallClock('America/New_York', s.start)),
    ['04:00', '04:30', '05:00', '05:30', '06:00', '06:30'].map((t) => `2026-03-29 ${t}`),
  )
  assert.deepEqual(
    clinicianDay.map((s) => wallClock('Asia/Kolkata', s.start)),
    ['13:30', '14:00', '14:30', '15:00', '15:30', '16:00'].map((t) => `2026-03-29 ${t}`),
  )
  // Between the US and UK changes the gap is 4 hours, not 5: a New York clinician's 09:00 on
  // 16 March 2026 is 13:00 in London.
  const ny = slots(
    'America/New_York',
    [{ weekday: 1, start: '09:00', end: '10:00' }],
    '2026-03-16T00:00:00Z',
    24,
  )
  assert.deepEqual(
    ny.map((s) => wallClock('Europe/London', s.start)),
    ['2026-03-16 13:00', '2026-03-16 13:30'],
  )
})
