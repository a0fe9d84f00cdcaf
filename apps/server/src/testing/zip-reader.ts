// Reads a ZIP (the patient's "Download all my data") into memory, name -> bytes, with yauzl, which
// checks each entry's size and CRC. The export stores entries uncompressed; `stored` asserts it.
import yauzl from 'yauzl'

export interface UnzipOptions {
  /** Fail on an entry that is compressed (the export sends stored entries for an exact size). */
  storedOnly?: boolean
}

function openZip(source: string | Buffer): Promise<yauzl.ZipFile> {
  const options = { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, z?: yauzl.ZipFile) =>
      z && !err ? resolve(z) : reject(err ?? new Error('not a ZIP'))
    if (typeof source === 'string') yauzl.open(source, options, done)
    else yauzl.fromBuffer(source, options, done)
  })
}

/** Every entry of a ZIP file (a path) or buffer, by name. */
export async function unzip(source: string | Buffer, opts: UnzipOptions = {}): Promise<Map<string, Buffer>> {
  const zipfile = await openZip(source)
  const out = new Map<string, Buffer>()
  await new Promise<void>((resolve, reject) => {
    zipfile.on('error', reject)
    zipfile.on('end', () => resolve())
    zipfile.on('entry', (entry: yauzl.Entry) => {
      if (opts.storedOnly && entry.compressionMethod !== 0)
        return reject(new Error(`${entry.fileName} is compressed, not stored`))
      zipfile.openReadStream(entry, (err, stream) => {
        if (err) return reject(err)
        const parts: Buffer[] = []
        stream.on('data', (c: Buffer) => parts.push(c))
        stream.on('error', reject)
        stream.on('end', () => {
          out.set(entry.fileName, Buffer.concat(parts))
          zipfile.readEntry()
        })
      })
    })
    zipfile.readEntry()
  })
  return out
}
