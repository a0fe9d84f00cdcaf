// README.txt in the export: says what is there and what is missing, in plain words, and a title
// cannot add lines of its own.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readmeText } from './export-readme.ts'

const now = new Date('2026-03-02T09:00:00Z')

test('lists the record, each document with its original name, and what was left out and why', () => {
  const text = readmeText({
    now,
    timeZone: 'Europe/London',
    resources: 12,
    documents: [
      {
        path: 'documents/etc_passwd.pdf',
        title: '../../etc/passwd',
        category: 'letter',
        uploadedAt: now,
        size: 2048,
      },
      {
        path: 'documents/passport.jpg',
        title: 'passport.jpg',
        category: 'identity',
        uploadedAt: now,
        size: 10,
      },
    ],
    skipped: [{ title: 'old scan\r\nFAKE LINE', uploadedAt: now, why: 'missing' }],
    notListed: 0,
  })
  const lines = text.split('\r\n')
  assert.ok(lines.includes('Downloaded on 2 March 2026 at 09:00 GMT.'), lines.slice(0, 4).join('|'))
  assert.ok(text.includes('(12 entries)'))
  assert.ok(lines.includes('  - documents/etc_passwd.pdf'))
  assert.ok(lines.includes('    Letter, uploaded 2 March 2026, 2 KB. Original name: ../../etc/passwd'))
  assert.ok(lines.includes('    ID, uploaded 2 March 2026, 10 bytes'), 'no "original name" when unchanged')
  assert.ok(!lines.includes('FAKE LINE') && !lines.some((l) => l.startsWith('FAKE')), 'a title adds no line')
  assert.match(
    text,
    /NOT INCLUDED\r\n\r\n {2}- old scan {2}FAKE LINE \(uploaded 2 March 2026\): its stored file is missing/,
  )
  assert.match(text, /not encrypted/)
})

test('no documents and nothing left out: says so, and no "not included" part', () => {
  const text = readmeText({ now, timeZone: 'UTC', resources: 1, documents: [], skipped: [], notListed: 0 })
  assert.match(text, /You have no documents stored at the clinic\./)
  assert.doesNotMatch(text, /NOT INCLUDED/)
})
