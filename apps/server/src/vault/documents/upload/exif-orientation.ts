// The one Exif value worth keeping: which way up the photo is (a phone's portrait shot is stored
// sideways and turned by this tag). Everything else in Exif (GPS, camera serial, time) is dropped.
// TIFF 6.0 header and IFD layout (Exif 2.32, 4.5.2 and 4.6.2); Orientation is tag 0x0112, a SHORT.

const ORIENTATION_TAG = 0x0112
const SHORT = 3

/** The orientation (1-8) in an Exif block's TIFF data, or null if there is none or it is malformed. */
export function exifOrientation(tiff: Buffer): number | null {
  if (tiff.length < 8) return null
  const order = tiff.toString('latin1', 0, 2)
  if (order !== 'II' && order !== 'MM') return null
  const le = order === 'II'
  const u16 = (at: number): number => (le ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at))
  const u32 = (at: number): number => (le ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at))
  if (u16(2) !== 42) return null
  const ifd = u32(4)
  if (ifd + 2 > tiff.length) return null
  const count = u16(ifd)
  for (let k = 0; k < count; k++) {
    const entry = ifd + 2 + k * 12
    if (entry + 12 > tiff.length) return null
    if (u16(entry) === ORIENTATION_TAG && u16(entry + 2) === SHORT) {
      const value = u16(entry + 8)
      return value >= 1 && value <= 8 ? value : null
    }
  }
  return null
}

/** A JPEG APP1 segment holding an Exif block with the orientation tag and nothing else. */
export function orientationApp1(orientation: number): Buffer {
  const tiff = Buffer.alloc(26)
  tiff.write('MM', 0, 'latin1')
  tiff.writeUInt16BE(42, 2)
  tiff.writeUInt32BE(8, 4)
  tiff.writeUInt16BE(1, 8)
  tiff.writeUInt16BE(ORIENTATION_TAG, 10)
  tiff.writeUInt16BE(SHORT, 12)
  tiff.writeUInt32BE(1, 14)
  tiff.writeUInt16BE(orientation, 18)
  // bytes 20-21 pad the value field; 22-25: no next IFD
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff])
  const header = Buffer.from([0xff, 0xe1, 0, 0])
  header.writeUInt16BE(payload.length + 2, 2)
  return Buffer.concat([header, payload])
}
