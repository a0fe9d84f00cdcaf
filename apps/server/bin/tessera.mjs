#!/usr/bin/env node
// The `tessera` command. TypeScript sources run through tsx (no separate build step for the server).
import { register } from 'tsx/esm/api'

register()
const { runCli } = await import('../src/cli.ts')
await runCli(process.argv)
