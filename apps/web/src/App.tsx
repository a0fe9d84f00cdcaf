import { Redirect, Route, Switch } from 'wouter'
import { AppLayout } from './components/AppLayout.tsx'
import { AREAS } from './lib/areas.ts'
import { useFocusOnNavigate } from './lib/use-focus-on-navigate.ts'
import { AreaPage } from './pages/AreaPage.tsx'
import { ForgotPasswordPage } from './pages/ForgotPasswordPage.tsx'
import { NotFoundPage } from './pages/NotFoundPage.tsx'
import { SetupPage } from './pages/SetupPage.tsx'
import { SignInPage } from './pages/SignInPage.tsx'

/**
 * Routes. Paths never carry patient identifiers (S32). Which areas a person may open is decided by
 * the server; these routes only choose what to render.
 */
export function App() {
  useFocusOnNavigate()
  return (
    <Switch>
      <Route path="/">
        <Redirect to="/sign-in" replace />
      </Route>
      <Route path="/sign-in">
        <AppLayout narrow>
          <SignInPage />
        </AppLayout>
      </Route>
      <Route path="/forgot-password">
        <AppLayout narrow>
          <ForgotPasswordPage />
        </AppLayout>
      </Route>
      <Route path="/setup">
        <AppLayout areaLabel="Setup" narrow>
          <SetupPage />
        </AppLayout>
      </Route>
      {AREAS.map((area) => (
        <Route key={area.id} path={`${area.basePath}/*?`}>
          {(params) => <AreaPage area={area} rest={params['*'] ?? ''} />}
        </Route>
      ))}
      <Route>
        <AppLayout>
          <NotFoundPage />
        </AppLayout>
      </Route>
    </Switch>
  )
}
