// Production output is served by the Fastify server under a strict CSP (script-src 'self';
// style-src 'self'; no third-party origins), so nothing here may produce inline code or remote URLs.
//
// This file sits outside apps/web/tsconfig.json on purpose: the root ESLint config lints
// `apps/*/*.ts` through its default project and rejects files that a tsconfig also includes.
// So it exports a plain object (no defineConfig call) and is checked by `vite build` itself.
import type { UserConfig } from 'vite'

export default {
  // Vite 8 transforms TSX with oxc; no React plugin is installed, so state the JSX runtime here.
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The polyfill is an inline <script>, which the CSP would block.
    modulePreload: { polyfill: false },
    // Keep every asset a file: data: URIs are not allowed for fonts or scripts under the CSP.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
} satisfies UserConfig
