// Ajv's type coercion turns "1e400" into Infinity, which then passes `integer` and `maximum`
// checks and reaches SQL as a 500. Numbers that overflow are refused here, before validation.
import type { FastifyInstance } from 'fastify'
import { AppError } from '../errors.ts'

const EXPONENT = /^[-+]?(\d+\.?\d*|\.\d+)e[-+]?\d+$/i

export function installQueryGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    const query = req.query as Record<string, unknown> | undefined
    if (!query) return
    for (const [name, value] of Object.entries(query)) {
      for (const v of Array.isArray(value) ? value : [value]) {
        if (typeof v === 'string' && EXPONENT.test(v) && !Number.isFinite(Number(v))) {
          throw new AppError('invalid', `query parameter ${name} is out of range`, [
            { path: `query/${name}`, message: 'out of range' },
          ])
        }
      }
    }
  })
}
