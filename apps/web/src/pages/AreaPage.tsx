import { Redirect } from 'wouter'
import { AppLayout } from '../components/AppLayout.tsx'
import { sectionHref, type Area } from '../lib/areas.ts'
import { NotFoundPage } from './NotFoundPage.tsx'
import { SectionPage } from './SectionPage.tsx'

export interface AreaPageProps {
  area: Area
  /** The path after the area's base, without the leading slash ('' for the area root). */
  rest: string
}

/** One signed-in area: its navigation around the current section, or a 404 inside the area. */
export function AreaPage({ area, rest }: AreaPageProps) {
  const home = area.sections[0]
  const slug = rest.replace(/\/+$/, '')
  if (slug === '') return <Redirect to={sectionHref(area, home)} replace />

  const section = area.sections.find((candidate) => candidate.slug === slug)
  const nav = {
    label: area.label,
    items: area.sections.map((s) => ({ href: sectionHref(area, s), label: s.label })),
  }
  return (
    <AppLayout areaLabel={area.label} nav={nav}>
      {section ? (
        <SectionPage area={area} section={section} />
      ) : (
        <NotFoundPage homeHref={sectionHref(area, home)} homeLabel={`Go to ${home.label}`} />
      )}
    </AppLayout>
  )
}
