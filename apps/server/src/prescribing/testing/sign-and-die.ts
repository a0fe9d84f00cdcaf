// Child process for the S24 fault-injection test: opens the given database, signs one prescription
// through the real service, and dies by SIGKILL at the point named by argv[2]:
//   after-commit   the signature has committed; the routing worker has not run (it is not started)
//   in-commit      inside the signing transaction, just as the outbox row is written (before commit)
// Prints nothing on success: a SIGKILL leaves no chance to.
import {
  OperationNodeTransformer,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type RootOperationNode,
} from 'kysely'
import { createContext } from '../../context.ts'
import { loadConfig } from '../../platform/config.ts'
import { openDatabase } from '../../platform/db/database.ts'
import { SecretBox } from '../../platform/secret-box.ts'
import { pino } from 'pino'
import { FakeClock } from '../../platform/clock.ts'

const [, , point, prescriptionId, accountId, dir, url, schema, key, now] = process.argv

/** Kills the process when the signing transaction inserts its outbox (job) row. */
class KillOnOutbox implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const node = args.node
    if (node.kind === 'InsertQueryNode' || node.kind === 'RawNode') {
      const text = JSON.stringify(node)
      if (/insert into job/i.test(text) && /prescribing\.route/.test(text))
        process.kill(process.pid, 'SIGKILL')
    }
    return new OperationNodeTransformer().transformNode(node)
  }
  async transformResult(args: { result: unknown }) {
    return args.result as never
  }
}

const handle = await openDatabase({
  url: url || undefined,
  embeddedDir: dir || undefined,
  schema: schema || undefined,
})
const db = point === 'in-commit' ? handle.db.withPlugin(new KillOnOutbox()) : handle.db
const config = loadConfig({
  env: {},
  configFile: '/nonexistent/tessera.config.json',
  overrides: { dataDir: dir || '/tmp/unused', publicUrl: 'http://localhost:3000' },
})
const ctx = createContext({
  config,
  log: pino({ level: 'silent' }),
  db,
  dbDriver: handle.driver,
  clock: new FakeClock(now),
  box: SecretBox.fromKey(Buffer.from(key!, 'base64')),
  mailTransport: { send: async () => undefined } as never,
})
const actor = {
  accountId: accountId!,
  role: 'clinician',
  prescriber: true,
  specialist: true,
  sessionId: 'x',
  level: 'full',
  methods: ['totp'],
  mfaAt: new Date(now!),
} as const
await ctx.prescribing.prescriptions.sign({ ...actor, methods: [...actor.methods] }, prescriptionId!, {
  acknowledge: [],
})
process.kill(process.pid, 'SIGKILL')
