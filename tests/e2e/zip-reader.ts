// Reads a downloaded ZIP (the patient's "Download all my data") into memory: name -> bytes.
import yauzl from 'yauzl'

export async function unzip(path: string): Promise<Map<string, Buffer>> {
  const zipfile = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, strictFileNames: true }, (err, z) =>
      err ? reject(err) : resolve(z),
    ),
  )
  const out = new Map<string, Buffer>()
  await new Promise<void>((resolve, reject) => {
    zipfile.on('error', reject)
    zipfile.on('end', () => resolve())
    zipfile.on('entry', (entry: yauzl.Entry) => {
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
