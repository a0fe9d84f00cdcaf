// CSV cells as a spreadsheet will read them: RFC 4180 quoting, and no cell that runs as a formula.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { csvCell, csvLine, exportFileName } from './audit-export.ts'

test('cells with quotes, commas or line breaks are quoted, quotes doubled (RFC 4180)', () => {
  assert.equal(csvCell('plain'), 'plain')
  assert.equal(csvCell(null), '')
  assert.equal(csvCell(''), '')
  assert.equal(csvCell('a,b'), '"a,b"')
  assert.equal(csvCell('say "hi"'), '"say ""hi"""')
  assert.equal(csvCell('two\nlines'), '"two\nlines"')
  assert.equal(csvCell('cr\rhere'), '"cr\rhere"')
  assert.equal(csvLine(['a', null, 'b,c']), 'a,,"b,c"\r\n')
})

test('cells starting with = + - @ tab or CR get a leading apostrophe (CSV injection)', () => {
  assert.equal(csvCell('=1+1'), "'=1+1")
  assert.equal(csvCell('+1'), "'+1")
  assert.equal(csvCell('-2'), "'-2")
  assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)")
  assert.equal(csvCell('\tx'), "'\tx")
  assert.equal(csvCell('=HYPERLINK("http://x.example","y")'), `"'=HYPERLINK(""http://x.example"",""y"")"`)
  assert.equal(csvCell('a=b'), 'a=b', 'only a leading sign counts')
  assert.equal(csvCell('2026-03-02T09:00:00.000Z'), '2026-03-02T09:00:00.000Z')
})

test('export file names carry the time, not the filters', () => {
  assert.equal(
    exportFileName('csv', new Date('2026-03-02T09:00:00.123Z')),
    'tessera-audit-20260302T090000Z.csv',
  )
  assert.equal(
    exportFileName('ndjson', new Date('2026-03-02T09:00:00Z')),
    'tessera-audit-20260302T090000Z.ndjson',
  )
})
