// Sample bodies for the authorisation matrix (testing/matrix-samples.ts): valid shapes, so each
// request reaches the access checks.
interface Ids {
  any: string
}

const processor = (ids: Ids) => ({
  name: `Matrix processor ${ids.any}`,
  purpose: 'Matrix sample',
  dataCategories: [],
  region: 'UK',
  agreementSigned: true,
  hosts: ['matrix.example'],
})

export const COMPLIANCE_SAMPLE_BODIES: Record<string, (ids: Ids) => unknown> = {
  'POST /api/admin/processors': processor,
  'PUT /api/admin/processors/:processorId': processor,
}
