import { Link } from 'wouter'
import { PageHeader } from '../components/PageHeader.tsx'

export interface NotFoundPageProps {
  /** Where "go back" leads; the area home inside an area, sign-in elsewhere. */
  homeHref?: string
  homeLabel?: string
}

export function NotFoundPage({ homeHref = '/sign-in', homeLabel = 'Go to sign in' }: NotFoundPageProps) {
  return (
    <>
      <PageHeader title="Page not found">
        <p>The address may be mistyped, or the page may have moved.</p>
      </PageHeader>
      <p>
        <Link href={homeHref}>{homeLabel}</Link>
      </p>
    </>
  )
}
