import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App.tsx'
import { claimInjectedStyleIds } from './lib/csp-compat.ts'
// Stylesheets are emitted as files and linked from index.html: the CSP has style-src 'self'.
import './styles/tokens.css'
import './styles/app.css'
import './styles/components.css'
import './styles/forms.css'
import './styles/controls.css'
import './styles/identity.css'

claimInjectedStyleIds(document)

const container = document.getElementById('root')
if (!container) throw new Error('index.html must contain <div id="root">')

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
