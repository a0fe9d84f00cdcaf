// The per-format checks on their own: what is kept, what is stripped, what is refused, and that
// the answer does not depend on how the bytes are chunked (1 byte at a time vs all at once).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { inflateSync } from 'node:zlib'
import { AppError } from '../../../platform/errors.ts'
import { CAMERA_MARKER, GPS_MARKER, JPEG_SCAN_DATA, jpeg, pdf } from '../test-files.ts'
import { HEVC_DATA, heic, png } from '../test-images.ts'
import type { FormatFilter } from './format-filter.ts'
import { HeicFilter } from './heic-filter.ts'
import { JpegFilter } from './jpeg-filter.ts'
import { PdfFilter } from './pdf-filter.ts'
import { PngFilter } from './png-filter.ts'
import { exifOrientation } from './exif-orientation.ts'

function run(make: () => FormatFilter, input: Buffer, chunk = input.length): Buffer {
  const filter = make()
  const out: Buffer[] = []
  const emit = (b: Buffer) => void out.push(Buffer.from(b))
  for (let at = 0; at < input.length; at += chunk) filter.write(input.subarray(at, at + chunk), emit)
  filter.end(emit)
  return Buffer.concat(out)
}

/** Same output whether fed whole, in 7-byte pieces or byte by byte. */
function runAll(make: () => FormatFilter, input: Buffer): Buffer {
  const whole = run(make, input)
  assert.deepEqual(run(make, input, 7), whole)
  assert.deepEqual(run(make, input, 1), whole)
  return whole
}

function refusal(make: () => FormatFilter, input: Buffer, pattern: RegExp): void {
  for (const chunk of [input.length, 1]) {
    assert.throws(
      () => run(make, input, chunk),
      (err: unknown) => err instanceof AppError && err.status === 415 && pattern.test(err.message),
    )
  }
}

const has = (b: Buffer, text: string) => b.includes(Buffer.from(text, 'latin1'))

test('JPEG: Exif (GPS, camera), XMP, IPTC and comments are stripped; orientation and image data kept', () => {
  const input = jpeg({ xmp: true, comment: '<script>alert(1)</script>' })
  assert.ok(has(input, GPS_MARKER) && has(input, CAMERA_MARKER))
  const out = runAll(() => new JpegFilter(), input)
  for (const gone of [GPS_MARKER, CAMERA_MARKER, 'http://ns.adobe.com', 'Photoshop', '<script>'])
    assert.ok(!has(out, gone), `${gone} removed`)
  const exifAt = out.indexOf(Buffer.from('Exif\0\0', 'latin1'))
  assert.ok(exifAt > 0, 'an orientation-only Exif block is kept')
  assert.equal(exifOrientation(out.subarray(exifAt + 6)), 6)
  assert.equal(out.readUInt16BE(exifAt - 2), 34, 'the Exif block is 32 bytes: orientation only')
  assert.ok(!out.includes(Buffer.from([0x88, 0x25])), 'no GPS IFD pointer tag')
  assert.ok(out.includes(JPEG_SCAN_DATA), 'image data unchanged')
  assert.deepEqual(
    runAll(() => new JpegFilter(), out),
    out,
    'a stripped file passes unchanged',
  )
})

test('JPEG: data after the end of the image is refused (polyglot), padding zeros are not', () => {
  refusal(() => new JpegFilter(), jpeg({ trailing: Buffer.from('PK\x03\x04zip') }), /hidden after the end/)
  refusal(() => new JpegFilter(), jpeg({ trailing: Buffer.from('<html><script>') }), /hidden after/)
  assert.ok(run(() => new JpegFilter(), jpeg({ trailing: Buffer.alloc(16) })).length > 0)
  refusal(() => new JpegFilter(), jpeg().subarray(0, 60), /damaged/)
})

test('PNG: text, eXIf, tIME and private chunks are dropped; the pixels are unchanged', () => {
  const input = png({ metadata: true, width: 5, height: 3 })
  const out = runAll(() => new PngFilter(), input)
  for (const gone of [GPS_MARKER, 'tEXt', 'eXIf', 'tIME', 'iTXt', 'zTXt', 'prVt', '<script>'])
    assert.ok(!has(out, gone), `${gone} removed`)
  for (const kept of ['IHDR', 'pHYs', 'IDAT', 'IEND']) assert.ok(has(out, kept), `${kept} kept`)
  const idat = out.indexOf(Buffer.from('IDAT'))
  const length = out.readUInt32BE(idat - 4)
  const pixels = inflateSync(out.subarray(idat + 4, idat + 4 + length))
  const original = input.indexOf(Buffer.from('IDAT'))
  assert.deepEqual(
    pixels,
    inflateSync(input.subarray(original + 4, original + 4 + input.readUInt32BE(original - 4))),
  )
})

test('PNG: trailing data, bad checksums and unknown critical chunks are refused', () => {
  refusal(() => new PngFilter(), png({ trailing: Buffer.from('PK\x03\x04') }), /hidden after the end/)
  const bad = png()
  bad[bad.length - 13] = bad[bad.length - 13]! ^ 0xff // inside IDAT's CRC
  refusal(() => new PngFilter(), bad, /checksum/)
  refusal(() => new PngFilter(), png().subarray(0, 40), /damaged/)
})

test('HEIC: the Exif and XMP items are zeroed in place; the image item is untouched', () => {
  const input = heic()
  const out = runAll(() => new HeicFilter(), input)
  assert.equal(out.length, input.length, 'no offset moves')
  assert.ok(!has(out, GPS_MARKER) && !has(out, CAMERA_MARKER))
  assert.ok(out.includes(HEVC_DATA))
  refusal(() => new HeicFilter(), heic({ mdatFirst: true }), /before its index/)
  refusal(() => new HeicFilter(), heic({ moov: true }), /image sequence/)
  refusal(() => new HeicFilter(), heic({ trailing: Buffer.from('PK\x03\x04 and more of a zip') }), /hidden/)
  refusal(() => new HeicFilter(), heic().subarray(0, heic().length - 5), /cut short/)
})

test('PDF: a plain PDF passes unchanged; active content and appended data are refused', () => {
  const plain = pdf({
    objects: ['<< /Type /Annot /Subtype /Link /A << /S /URI /URI (https://x.example) >> >>'],
  })
  assert.deepEqual(
    runAll(() => new PdfFilter(), plain),
    plain,
  )
  const js = (o: string[]) => pdf({ objects: o })
  refusal(() => new PdfFilter(), js(['<< /S /JavaScript /JS (app.alert(1)) >>']), /JavaScript/)
  refusal(() => new PdfFilter(), js(['<< /OpenAction << /S /JavaScript /JS 9 0 R >> >>']), /JavaScript/)
  refusal(() => new PdfFilter(), js(['<< /S /J#61vaScript /J#53 (x) >>']), /JavaScript/)
  refusal(() => new PdfFilter(), js(['<< /Names << /EmbeddedFiles 9 0 R >> >>']), /embedded files/)
  refusal(() => new PdfFilter(), js(['<< /S /Launch /F (cmd.exe) >>']), /starts a program/)
  refusal(() => new PdfFilter(), js(['<< /Encrypt 9 0 R >>']), /encrypted/)
  refusal(() => new PdfFilter(), pdf({ compressed: ['<< /S /JavaScript /JS (x) >>'] }), /JavaScript/)
  refusal(() => new PdfFilter(), pdf({ trailing: Buffer.from('PK\x03\x04zipzip') }), /hidden after its end/)
  refusal(() => new PdfFilter(), pdf().subarray(0, 200), /(incomplete|cut short)/)
  // Text that merely mentions the words is not a name: accepted.
  const words = pdf({ text: '/JavaScript and /JS are words here' })
  assert.deepEqual(
    run(() => new PdfFilter(), words),
    words,
  )
  const objects = pdf({ compressed: ['<< /Type /Annot /Subtype /Text /Contents (note) >>'] })
  assert.deepEqual(
    runAll(() => new PdfFilter(), objects),
    objects,
  )
})
