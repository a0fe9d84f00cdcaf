export { buildApp } from './app.ts'
export { createContext, type AppContext } from './context.ts'
export { startServer, type RunningServer } from './server.ts'
export { loadConfig, type Config } from './platform/config.ts'
