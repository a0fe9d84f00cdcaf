// Words for the retention queue.

const CATEGORIES: Record<string, string> = {
  'adult-health-record': 'Adult health record (kept 8 years after the last contact by default)',
  'child-health-record':
    "Child's health record (kept until the 25th birthday, or 26th if 17 at the end of care)",
}

export function categoryLabel(category: string): string {
  return CATEGORIES[category] ?? category
}

/** The day of an ISO time, as the date the person reads (YYYY-MM-DD carries no locale surprises). */
export function dateOnly(iso: string): string {
  return iso.slice(0, 10)
}
