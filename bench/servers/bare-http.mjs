// Baseline for P6: the least a Node HTTP server can do for the same JSON answer.
import { createServer } from 'node:http'

const body = JSON.stringify({ status: 'ok', version: '0.1.0' })
const server = createServer((_req, res) => {
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  })
  res.end(body)
})
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening at http://127.0.0.1:${server.address().port}\n`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
