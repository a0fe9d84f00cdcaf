import { Redirect, Route, Switch } from 'wouter'
import { AppLayout } from './components/AppLayout.tsx'
import { Loading } from './components/Loading.tsx'
import { AREAS } from './lib/areas.ts'
import { homePathForRole } from './lib/roles.ts'
import { SessionProvider, useSession } from './lib/session.tsx'
import { StepUpProvider } from './lib/step-up.tsx'
import { useFocusOnNavigate } from './lib/use-focus-on-navigate.ts'
import { AreaPage } from './pages/AreaPage.tsx'
import { EnrolPage } from './pages/EnrolPage.tsx'
import { ForgotPasswordPage } from './pages/ForgotPasswordPage.tsx'
import { InvitationPage } from './pages/InvitationPage.tsx'
import { NotFoundPage } from './pages/NotFoundPage.tsx'
import { RegisterPage } from './pages/RegisterPage.tsx'
import { ResetPasswordPage } from './pages/ResetPasswordPage.tsx'
import { SetupPage } from './pages/SetupPage.tsx'
import { SignInContinuePage } from './pages/SignInContinuePage.tsx'
import { SignInPage } from './pages/SignInPage.tsx'
import { VerifyEmailPage } from './pages/VerifyEmailPage.tsx'
import { ConnectPage } from './pages/smart/ConnectPage.tsx'
import { ConnectRefusedPage } from './pages/smart/ConnectRefusedPage.tsx'
import { GuestPage } from './pages/consult/guest/GuestPage.tsx'

/** `/`: the person's home when signed in, sign-in otherwise. */
function RootRedirect() {
  const { state } = useSession()
  if (state.status === 'loading') {
    return (
      <AppLayout narrow>
        <Loading label="Checking your sign-in…" />
      </AppLayout>
    )
  }
  if (state.status === 'active' && state.stage === 'full') {
    return <Redirect to={homePathForRole(state.view.account.role)} replace />
  }
  if (state.status === 'active' && state.stage === 'enrol') return <Redirect to="/enrol" replace />
  return <Redirect to="/sign-in" replace />
}

/** Public pages: one narrow column, no area navigation. */
const PUBLIC_PAGES = [
  { path: '/sign-in', page: SignInPage },
  { path: '/sign-in/continue', page: SignInContinuePage },
  { path: '/register', page: RegisterPage },
  { path: '/verify-email', page: VerifyEmailPage },
  { path: '/forgot-password', page: ForgotPasswordPage },
  { path: '/reset-password', page: ResetPasswordPage },
  { path: '/invitation', page: InvitationPage },
  { path: '/enrol', page: EnrolPage },
  { path: '/connect/refused', page: ConnectRefusedPage },
] as const

function Routes() {
  useFocusOnNavigate()
  return (
    <Switch>
      <Route path="/">
        <RootRedirect />
      </Route>
      {PUBLIC_PAGES.map(({ path, page: Page }) => (
        <Route key={path} path={path}>
          <AppLayout narrow>
            <Page />
          </AppLayout>
        </Route>
      ))}
      {/* An outside app's request to connect (SMART on FHIR): signs in in place, then asks. */}
      <Route path="/connect/:requestId">
        {(params) => (
          <AppLayout narrow>
            <ConnectPage requestId={params.requestId ?? ''} />
          </AppLayout>
        )}
      </Route>
      {/* A guest of one consultation (interpreter, carer): link, emailed code, waiting room, call. */}
      <Route path="/consult/guest">
        <AppLayout areaLabel="Guest">
          <GuestPage />
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

/**
 * Routes. Paths never carry patient identifiers (S32). Which areas a person may open is decided by
 * the server; the session gate here only chooses what to render and where to send people.
 */
export function App() {
  return (
    <SessionProvider>
      <StepUpProvider>
        <Routes />
      </StepUpProvider>
    </SessionProvider>
  )
}
