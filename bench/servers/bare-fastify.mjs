// Baseline for P6 (session route): a bare Fastify server, no plugins and no hooks, one GET route
// answering the JSON body it is given in BENCH_BODY (what Tessera's route answered) with Fastify's
// default serialisation. Same path as Tessera's route (BENCH_PATH), so routing costs the same.
import Fastify from 'fastify'

const body = JSON.parse(process.env.BENCH_BODY ?? '{"status":"ok"}')
const app = Fastify({ logger: false })
app.get(process.env.BENCH_PATH ?? '/', async () => body)
const url = await app.listen({ host: '127.0.0.1', port: 0 })
process.stdout.write(`listening at ${url}\n`)
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)))
