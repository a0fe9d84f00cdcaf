// Names inside the export: whatever a title says, the result is one safe, unique path segment.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { MAX_NAME_CHARS, UniqueNames, safeDocumentName } from './export-names.ts'

test('a path in a title never becomes a path in the archive', () => {
  assert.equal(safeDocumentName('../../etc/passwd', 'pdf'), 'etc_passwd.pdf')
  assert.equal(safeDocumentName('..\\..\\Windows\\win.ini', 'pdf'), 'Windows_win.ini.pdf')
  assert.equal(safeDocumentName('/absolute/letter.pdf', 'pdf'), 'absolute_letter.pdf')
  assert.equal(safeDocumentName('..', 'png'), 'Document.png')
  assert.equal(safeDocumentName('...hidden', 'png'), 'hidden.png')
  for (const title of ['../x', 'a/../../b', '\\\\server\\share\\f', 'C:\\x\\y.jpg', '.\u202e/..']) {
    const name = safeDocumentName(title, 'jpeg')
    assert.ok(!/[/\\:]/.test(name), `${title} -> ${name}`)
    assert.ok(!name.startsWith('.'), `${title} -> ${name}`)
  }
})

test('control and bidi characters go, the real type decides the extension, device names are defused', () => {
  assert.equal(safeDocumentName('scan\u0000\u0007 of\nID\u202egpj.pdf', 'jpeg'), 'scan of IDgpj.jpg')
  assert.equal(safeDocumentName('Letter.PDF', 'pdf'), 'Letter.PDF')
  assert.equal(safeDocumentName('photo.heic', 'png'), 'photo.png')
  assert.equal(safeDocumentName('what? "quote" <x>|*', 'pdf'), 'what_ _quote_ _x___.pdf')
  assert.equal(safeDocumentName('CON', 'pdf'), '_CON.pdf')
  assert.equal(safeDocumentName('nul.pdf', 'pdf'), '_nul.pdf')
})

test('long names are shortened keeping the extension', () => {
  const name = safeDocumentName(`${'é'.repeat(300)}.pdf`, 'pdf')
  assert.equal([...name].length, MAX_NAME_CHARS)
  assert.ok(name.endsWith('.pdf'))
})

test('duplicates, also differing only in case, get a number before the extension', () => {
  const names = new UniqueNames()
  assert.equal(names.claim('letter.pdf'), 'letter.pdf')
  assert.equal(names.claim('letter.pdf'), 'letter (2).pdf')
  assert.equal(names.claim('Letter.PDF'), 'Letter (3).PDF')
  assert.equal(names.claim('letter (2).pdf'), 'letter (2) (2).pdf')
  const long = `${'a'.repeat(MAX_NAME_CHARS - 4)}.pdf`
  assert.equal(names.claim(long), long)
  const second = names.claim(long)
  assert.equal([...second].length, MAX_NAME_CHARS)
  assert.ok(second.endsWith(' (2).pdf'))
})
