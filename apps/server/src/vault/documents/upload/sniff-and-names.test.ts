// What a file is comes from its bytes; what it is called is display text, cleaned or refused.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { AppError } from '../../../platform/errors.ts'
import { jpeg, pdf } from '../test-files.ts'
import { heic, png } from '../test-images.ts'
import { checkFileName, contentDisposition, displayTitle, downloadName } from './file-name.ts'
import { sniff } from './sniff.ts'

test('the four accepted kinds are recognised by their magic bytes only', () => {
  assert.deepEqual(sniff(pdf()), { kind: 'pdf' })
  assert.deepEqual(sniff(jpeg()), { kind: 'jpeg' })
  assert.deepEqual(sniff(png()), { kind: 'png' })
  assert.deepEqual(sniff(heic()), { kind: 'heic' })
  for (const brand of ['heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1']) {
    const head = Buffer.concat([Buffer.from([0, 0, 0, 16]), Buffer.from(`ftyp${brand}\0\0\0\0`, 'latin1')])
    assert.deepEqual(sniff(head), { kind: 'heic' }, brand)
  }
})

test('anything else is named in words', () => {
  const cases: Array<[string | Buffer, RegExp]> = [
    ['PK\x03\x04\x14\x00', /ZIP archive/],
    [Buffer.from([0x1f, 0x8b, 8, 0]), /gzip/],
    ['MZ\x90\x00', /Windows program/],
    ['\x7fELF\x02', /Linux program/],
    ['GIF89a\x01\x00', /GIF image/],
    ['<!DOCTYPE html><html>', /HTML document/],
    ['<svg xmlns="http://www.w3.org/2000/svg">', /SVG image/],
    ['Rar!\x1a\x07\x00', /RAR archive/],
    ['RIFF\x00\x00\x00\x00WEBPVP8 ', /WebP/],
    [Buffer.concat([Buffer.from([0, 0, 0, 20]), Buffer.from('ftypavif\0\0\0\0mif1avif', 'latin1')]), /AVIF/],
    [Buffer.concat([Buffer.from([0, 0, 0, 20]), Buffer.from('ftypisom\0\0\0\0isomavc1', 'latin1')]), /video/],
    ['just some words', /plain text/],
    [Buffer.from([0x00, 0x01, 0x02, 0xfe]), /unrecognised/],
  ]
  for (const [bytes, found] of cases) {
    const result = sniff(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes)
    assert.equal(result.kind, null)
    assert.match((result as { found: string }).found, found)
  }
})

const refused = (name: string, pattern: RegExp) =>
  assert.throws(
    () => checkFileName(name),
    (err: unknown) => err instanceof AppError && err.status === 400 && pattern.test(err.message),
    name,
  )

test('path traversal and program-type names are refused with a clear message', () => {
  refused('../../etc/passwd.pdf', /folder path/)
  refused('..\\..\\windows\\system32\\x.pdf', /folder path/)
  refused('a/../b.pdf', /folder path/)
  refused('report.pdf.exe', /"\.exe"/)
  refused('scan.jpg.js', /"\.js"/)
  refused('page.html', /"\.html"/)
  refused('archive.zip', /"\.zip"/)
  refused('invoice\u202Efdp.exe', /"\.exe"/)
})

test('names are cleaned into display text', () => {
  assert.equal(displayTitle('C:\\Users\\ann\\Passport scan.pdf', 'pdf'), 'Passport scan.pdf')
  assert.equal(displayTitle('/home/ann/photo.jpg', 'jpeg'), 'photo.jpg')
  assert.equal(displayTitle('bad\u0000na\u001bme\u202E.png', 'png'), 'badname.png')
  assert.equal(displayTitle('...hidden.pdf', 'pdf'), 'hidden.pdf')
  assert.equal(displayTitle(undefined, 'heic'), 'Document.heic')
  const long = displayTitle(`${'x'.repeat(300)}.pdf`, 'pdf')
  assert.equal([...long].length, 120)
  assert.ok(long.endsWith('….pdf'))
})

test('a download is saved with the extension of what the file really is', () => {
  assert.equal(downloadName('scan.pdf', 'pdf'), 'scan.pdf')
  assert.equal(downloadName('photo.png', 'jpeg'), 'photo.jpg')
  assert.equal(downloadName('photo.JPEG', 'jpeg'), 'photo.JPEG')
  assert.equal(downloadName('letter', 'pdf'), 'letter.pdf')
  assert.equal(
    contentDisposition('Résumé "final".pdf'),
    `attachment; filename="R_sum_ _final_.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22.pdf`,
  )
})
