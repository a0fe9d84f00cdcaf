// The patient's privacy centre in one place (JOURNEYS.md patient step 9), end to end against the
// real `tessera start` on the seeded demo clinic, on a 360 px phone: Eileen sees her devices and
// signs out her other one from here, reads how her data is protected, downloads all her data with
// a progress bar that reaches 100% (the ZIP is unpacked and checked: her record, her documents
// byte for byte, a duplicate name made unique), and then sees that copy listed on the same page.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { DESKTOP, launchBrowser, openPage, PHONE, type RunningTessera } from './harness.ts'
import { pageApi, startSeededTessera, type SeededTessera } from './seeded.ts'
import { assertClean, checkPage, DemoPeople } from './demo-people.ts'
import { idCardPng, summaryPdf } from './document-fixtures.ts'
import { unzip } from '../../apps/server/src/testing/zip-reader.ts'

let server: RunningTessera
let browser: Browser
let seeded: SeededTessera
let people: DemoPeople

before(async () => {
  seeded = await startSeededTessera()
  server = seeded.server
  people = new DemoPeople(seeded.users, () => server.url)
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

async function uploadFromPage(page: Page, patientId: string, name: string, type: string, data: Buffer) {
  return page.evaluate(
    async ({ patientId, name, type, base64 }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
      const form = new FormData()
      form.append('category', 'letter')
      form.append('file', new Blob([bytes], { type }), name)
      const res = await fetch(`/api/patients/${patientId}/documents`, {
        method: 'POST',
        body: form,
        credentials: 'same-origin',
        headers: { 'x-tessera-request': '1' },
      })
      return res.status
    },
    { patientId, name, type, base64: data.toString('base64') },
  )
}

test('the patient manages devices, reads the protection, downloads all her data and sees the copy listed', async () => {
  const eileen = people.user('eileen.walsh@patient.example')

  // Her other device: a desktop session, which also uploads her documents.
  const desktop = await openPage(browser, server.url, DESKTOP)
  await people.signInByApi(desktop.page, eileen)
  const photo = idCardPng(1200, 800)
  const letterOne = summaryPdf('A letter for the privacy centre')
  const letterTwo = summaryPdf('Another letter with the same name')
  assert.equal(await uploadFromPage(desktop.page, eileen.id, 'id-card.png', 'image/png', photo), 201)
  assert.equal(await uploadFromPage(desktop.page, eileen.id, 'letter.pdf', 'application/pdf', letterOne), 201)
  assert.equal(await uploadFromPage(desktop.page, eileen.id, 'letter.pdf', 'application/pdf', letterTwo), 201)

  const phone = await openPage(browser, server.url, PHONE)
  try {
    const { page } = phone
    await people.signInByForm(page, eileen)
    await page.waitForURL(/\/patient\//)
    await page.goto(`${server.url}/patient/privacy`)
    await page.getByRole('heading', { name: 'Who viewed my record' }).waitFor()
    await page.getByText('You have not downloaded a copy of your data.').waitFor()

    // Devices and sessions, inline: this phone and the desktop.
    const devices = page
      .locator('section')
      .filter({ has: page.getByRole('heading', { name: 'Devices and sessions' }) })
    await devices.getByText('This device').waitFor()
    assert.equal(await devices.getByRole('listitem').count(), 2, 'this phone and the desktop')

    // How her data is protected, in plain words.
    const protection = page.locator('section').filter({
      has: page.getByRole('heading', { name: 'How your data is protected' }),
    })
    const words = await protection.innerText()
    for (const phrase of [
      /end-to-end encrypted/,
      /key that belongs to\s+your record alone/,
      /second step/,
      /audit trail/,
      /no trackers/,
    ]) {
      assert.match(words, phrase)
    }
    await checkPage(phone, 'privacy-centre-phone')

    // Download all my data: a real progress bar to 100%, then the file.
    await page.evaluate(() => {
      const seen: number[] = []
      ;(window as unknown as { progressSeen: number[] }).progressSeen = seen
      new MutationObserver(() => {
        const bar = document.querySelector('[role="progressbar"]')
        const now = bar?.getAttribute('aria-valuenow')
        if (now !== null && now !== undefined) seen.push(Number(now))
      }).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['aria-valuenow'],
      })
    })
    const downloading = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Download all my data' }).click()
    const download = await downloading
    const bar = page.getByRole('progressbar', { name: 'Download complete' })
    await bar.waitFor()
    assert.equal(await bar.getAttribute('aria-valuenow'), '100')
    assert.match((await bar.getAttribute('aria-valuetext')) ?? '', /of .* \(100%\)$/)
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen)
    assert.deepEqual(
      [...seen].sort((a, b) => a - b),
      seen,
      `progress only goes up: ${seen.join(', ')}`,
    )
    console.log(`progress values seen: ${[...new Set(seen)].join(', ')}`)
    await page.getByText(/^Saved tessera-my-data-\d{4}-\d{2}-\d{2}\.zip \(/).waitFor()

    assert.match(download.suggestedFilename(), /^tessera-my-data-\d{4}-\d{2}-\d{2}\.zip$/)
    const files = await unzip(await download.path())
    assert.deepEqual([...files.keys()].filter((n) => n.startsWith('documents/')).sort(), [
      'documents/id-card.png',
      'documents/letter (2).pdf',
      'documents/letter.pdf',
    ])
    const letters = [files.get('documents/letter.pdf'), files.get('documents/letter (2).pdf')]
    assert.ok(letters.some((l) => l?.equals(letterOne)) && letters.some((l) => l?.equals(letterTwo)))
    assert.equal(files.get('documents/id-card.png')?.length, photo.length, 'the photo, as stored')
    const bundle = JSON.parse(files.get('record.fhir.json')!.toString('utf8')) as {
      resourceType: string
      entry: Array<{ resource: { resourceType: string; id: string } }>
    }
    assert.equal(bundle.resourceType, 'Bundle')
    assert.deepEqual(
      bundle.entry.filter((e) => e.resource.resourceType === 'Patient').map((e) => e.resource.id),
      [eileen.id],
    )
    assert.match(files.get('README.txt')!.toString('utf8'), /not encrypted/)
    const size = readFileSync(await download.path()).length

    // The copy is listed on the same page at once, and in her own words.
    const copies = page.getByRole('list', { name: 'Copies you downloaded' })
    await copies.getByText('You downloaded all your data (record and documents)').waitFor()
    await checkPage(phone, 'privacy-centre-downloaded-phone')
    console.log(`export: ${size} bytes, ${files.size} files`)

    // Sign out the other device from here: the desktop's session ends.
    await devices.getByRole('button', { name: 'Sign out all other devices' }).click()
    await page.getByRole('alertdialog').getByRole('button', { name: 'Sign out other devices' }).click()
    await page.getByText('Signed out on all your other devices.').waitFor()
    await devices.getByRole('listitem').nth(1).waitFor({ state: 'detached' })
    assert.equal(await devices.getByRole('listitem').count(), 1, 'only this phone is left')
    const after = await pageApi(desktop.page, 'GET', '/api/privacy/downloads')
    assert.equal(after.status, 401, 'the desktop was signed out')
    assertClean(phone, 'privacy centre')
  } finally {
    await phone.context.close()
    await desktop.context.close()
  }
})
