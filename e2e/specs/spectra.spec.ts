import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { createDatabase, startPortal, sitePlugins, logIn, repoRoot, type Portal } from '../lib/portal.js';
import { seedZtfLightCurve } from '../lib/data.js';

// The spectra panel on a real site: the real spectra of the plugin's demo files (BSD-3-Clause, see
// plugins/spectra/demo/LICENSE.md), drawn by BokehJS in chromium; lines moved by the redshift;
// a file uploaded through the form, previewed, saved and drawn; downloads.
const demoDir = path.join(repoRoot, 'plugins', 'spectra', 'demo');
const objId = 'ZTF21aaqjmps';
const redshift = 0.0246;
const H_ALPHA = 6562.79;
const SI_II = 6347.11;
const C_KM_S = 299_792.458;
let portal: Portal;
let spratId: number;
let snifsId: number;

test.use({ viewport: { width: 1280, height: 1000 } });

test.beforeAll(async () => {
  portal = await startPortal({ databaseUrl: await createDatabase(), plugins: sitePlugins({ spectra: { enabled: true } }) });
  const lt = await portal.api('POST', '/api/telescope', {
    name: 'Liverpool Telescope',
    nickname: 'LT',
    lat: 28.76,
    lon: -17.88,
    elevation: 2363,
    diameter: 2.0,
  });
  ({ id: spratId } = await portal.api('POST', '/api/instrument', { name: 'SPRAT', type: 'spectrograph', band: 'optical', telescope_id: lt.id }));
  const uh88 = await portal.api('POST', '/api/telescope', { name: 'UH88', nickname: 'UH88', lat: 19.82, lon: -155.47, elevation: 4205, diameter: 2.2 });
  ({ id: snifsId } = await portal.api('POST', '/api/instrument', { name: 'SNIFS', type: 'spectrograph', band: 'optical', telescope_id: uh88.id }));
  const sitewide = await portal.api('GET', '/api/groups/public');
  await portal.api('POST', '/api/sources', { id: objId, ra: 202.5050541, dec: 13.4111859, redshift, group_ids: [sitewide.id] });
  // The LT/SPRAT spectrum of the demo, posted as a pipeline would: JSON arrays.
  const [, ...rows] = readFileSync(path.join(demoDir, 'ZTF21aaqjmps_spec.csv'), 'utf8').trim().split('\n');
  const pixels = rows.map((row) => row.split(',').map(Number));
  await portal.api('POST', '/api/spectra', {
    obj_id: objId,
    instrument_id: spratId,
    observed_at: '2021-04-03T02:28:19',
    wavelengths: pixels.map((p) => p[0]),
    fluxes: pixels.map((p) => p[1]),
    units: 'erg/s/cm/cm/AA',
    group_ids: [sitewide.id],
  });
});

test.afterAll(async () => {
  await portal?.stop();
});

const plot = (page: Page) => page.getByTestId('spectra-plot');
const linesOf = async (page: Page): Promise<Record<string, number[]>> => JSON.parse((await plot(page).getAttribute('data-lines')) ?? '{}');
const spectraOf = async (page: Page): Promise<string[]> => JSON.parse((await plot(page).getAttribute('data-spectra')) ?? '[]');
/** Where the plot's data source puts a group's line, by its place in the line table (web/lines.ts). */
const lineAt = async (page: Page, group: string, index: number) => (await linesOf(page))[group]?.[index];
const H_ALPHA_INDEX = 6;
const SI_II_INDEX = 8;

async function openSource(page: Page) {
  await logIn(page, portal);
  await page.goto(`${portal.url}/source/${objId}`);
  await expect(plot(page)).toHaveAttribute('data-drawn', 'true');
}

test('the real spectrum is drawn, and moving the redshift moves the element lines but never the telluric ones', async ({ page }) => {
  await openSource(page);
  const panel = page.getByTestId('panel-spectra.spectra');
  await expect(panel.getByRole('heading', { name: 'Spectra' })).toBeVisible();
  expect(await spectraOf(page)).toEqual(['Liverpool Telescope/SPRAT · 2021-04-03']);
  await expect(plot(page).locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('spectrum-row')).toHaveCount(1);
  await expect(page.getByTestId('spectrum-row')).toContainText('2021-04-03 02:28');

  // The redshift box starts at the source's redshift; the Balmer lines are shown and sit there.
  const box = page.getByRole('spinbutton', { name: 'Redshift' });
  await expect(box).toHaveValue(String(redshift));
  expect(await lineAt(page, 'H', H_ALPHA_INDEX)).toBeCloseTo(H_ALPHA * (1 + redshift), 6);

  await box.fill('0.1');
  await expect.poll(() => lineAt(page, 'H', H_ALPHA_INDEX)).toBeCloseTo(H_ALPHA * 1.1, 6);
  await expect(page.getByRole('slider', { name: 'Redshift slider' })).toHaveValue('0.1');

  // The slider from the keyboard: one step is 0.0001.
  await page.getByRole('slider', { name: 'Redshift slider' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(box).toHaveValue('0.1001');
  await expect.poll(() => lineAt(page, 'H', H_ALPHA_INDEX)).toBeCloseTo(H_ALPHA * 1.1001, 6);

  // Si II with an expansion velocity: blueshifted by the (relativistic) Doppler factor.
  await page.getByRole('checkbox', { name: 'Si II' }).check();
  await page.getByRole('spinbutton', { name: 'Expansion velocity' }).fill('11000');
  const beta = 11_000 / C_KM_S;
  const expected = SI_II * 1.1001 * Math.sqrt((1 - beta) / (1 + beta));
  await expect.poll(() => lineAt(page, 'Si II', SI_II_INDEX)).toBeCloseTo(expected, 6);

  // Telluric bands stay where the atmosphere puts them, whatever the redshift.
  await page.getByRole('checkbox', { name: 'Telluric' }).check();
  await expect.poll(async () => (await linesOf(page)).telluric).toEqual([6867.19, 6884, 7593.7, 7621]);
  await box.fill('0.3');
  // Hα is a line of the ejecta too: it keeps the velocity's blueshift.
  await expect.poll(() => lineAt(page, 'H', H_ALPHA_INDEX)).toBeCloseTo(H_ALPHA * 1.3 * Math.sqrt((1 - beta) / (1 + beta)), 6);
  expect((await linesOf(page)).telluric).toEqual([6867.19, 6884, 7593.7, 7621]);

  // Unticking a group takes its lines off the plot.
  await page.getByRole('checkbox', { name: 'Si II' }).uncheck();
  await expect.poll(async () => Object.keys(await linesOf(page)).sort()).toEqual(['H', 'telluric']);

  // Hovering the plot reads out the wavelength under the pointer and its rest-frame value.
  await plot(page).scrollIntoViewIfNeeded();
  const area = (await plot(page).boundingBox())!;
  await page.mouse.move(area.x + area.width / 2, area.y + area.height / 2, { steps: 4 });
  await expect(page.getByTestId('spectra-readout')).toContainText(/λ \d+\.\d Å · rest \d+\.\d Å · flux -?\d+\.\d{3}/);
});

test('a file uploaded through the form is previewed on the plot, then saved and drawn with the others', async ({ page }) => {
  await openSource(page);
  await page.getByText('Upload a spectrum').click();
  const form = page.getByRole('form', { name: 'Upload a spectrum' });
  await form.getByLabel(/Spectrum file/).setInputFiles(path.join(demoDir, 'zac_spec.dat'));
  // Read by the server, nothing stored: its three columns, its header's date and instrument fill the form.
  await expect(page.getByTestId('upload-preview-summary')).toContainText('zac_spec.dat');
  await expect(page.getByTestId('upload-preview-summary')).toContainText('3 columns');
  await expect.poll(() => spectraOf(page)).toEqual(['Liverpool Telescope/SPRAT · 2021-04-03', 'Preview: zac_spec.dat']);
  await expect(form.getByLabel('Error column')).toHaveValue('2');
  await expect(form.getByLabel('Observed at (UTC)')).toHaveValue('2021-09-18T14:48:08');
  await expect(form.getByLabel('Instrument')).toHaveValue(String(snifsId));
  expect((await portal.api('GET', `/api/sources/${objId}/spectra`)).spectra).toHaveLength(1);

  await form.getByRole('button', { name: 'Save spectrum' }).click();
  await expect(form.getByRole('status')).toContainText(/Saved spectrum \d+/);
  await expect.poll(() => spectraOf(page)).toEqual(['Liverpool Telescope/SPRAT · 2021-04-03', 'UH88/SNIFS · 2021-09-18']);
  await expect(page.getByTestId('spectrum-row')).toHaveCount(2);
  const stored = (await portal.api('GET', `/api/sources/${objId}/spectra`)).spectra;
  const uploaded = stored.find((s: { instrument_name: string }) => s.instrument_name === 'SNIFS');
  expect(uploaded.original_file_filename).toBe('zac_spec.dat');
  expect(uploaded.observed_at).toMatch(/^2021-09-18T14:48:08(\.0+)?$/);
  expect(uploaded.errors).toHaveLength(uploaded.wavelengths.length);

  // Its details: who uploaded it from which file, and the header's keywords.
  await page.getByRole('button', { name: 'Details of UH88/SNIFS · 2021-09-18' }).click();
  const details = page.getByTestId('spectrum-details');
  await expect(details).toContainText('by admin from zac_spec.dat');
  await details.getByText(/^Header keywords \(\d+\)$/).click();
  await expect(details).toContainText('AIRMASS');
  await expect(details).toContainText('1.95');
  await page.getByRole('button', { name: 'Details of UH88/SNIFS · 2021-09-18' }).click();
  await expect(details).toHaveCount(0);

  // Its download is the file as uploaded; the other's is its stored pixels as CSV.
  const row = page.getByTestId('spectrum-row').filter({ hasText: 'SNIFS' });
  const [original] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: /as uploaded/ }).click()]);
  expect(original.suggestedFilename()).toBe('zac_spec.dat');
  expect(readFileSync((await original.path())!, 'utf8')).toBe(readFileSync(path.join(demoDir, 'zac_spec.dat'), 'utf8'));
  const sprat = page.getByTestId('spectrum-row').filter({ hasText: 'SPRAT' });
  const [csv] = await Promise.all([page.waitForEvent('download'), sprat.getByRole('button', { name: /as CSV/ }).click()]);
  const text = readFileSync((await csv.path())!, 'utf8').split('\n');
  expect(text).toContain('wavelength,flux');
  // The stored fluxes, not the normalised ones the plot shows.
  expect(text).toContain('4020,1.21168');
});

test('a bad upload names its field and stores nothing', async ({ page }) => {
  await openSource(page);
  await page.getByText('Upload a spectrum').click();
  const form = page.getByRole('form', { name: 'Upload a spectrum' });
  const before = (await portal.api('GET', `/api/sources/${objId}/spectra`)).spectra.length;

  await form.getByLabel(/Spectrum file/).setInputFiles({ name: 'broken.txt', mimeType: 'text/plain', buffer: Buffer.from('4000 1.0\n4001 <b>x</b>\n') });
  await expect(form.getByRole('alert')).toContainText('fluxes: line 2, column 1');
  await expect(form.getByRole('alert')).toContainText('<b>x</b>'); // the file's text is shown as text
  await expect(form.getByLabel(/Spectrum file/)).toHaveAttribute('aria-invalid', 'true');

  await form.getByLabel(/Spectrum file/).setInputFiles({ name: 'ok.txt', mimeType: 'text/plain', buffer: Buffer.from('4000 1.0\n4001 1.2\n4002 0.9\n') });
  await expect(page.getByTestId('upload-preview-summary')).toContainText('3 pixels');
  await form.getByRole('button', { name: 'Save spectrum' }).click();
  await expect(form.getByRole('alert')).toContainText('instrument: choose');
  await expect(form.getByLabel('Instrument')).toBeFocused();
  expect((await portal.api('GET', `/api/sources/${objId}/spectra`)).spectra).toHaveLength(before);
});

test('the source page with the spectra panel and its upload form passes axe', async ({ page }) => {
  await openSource(page);
  await page.getByText('Upload a spectrum').click();
  await expect(page.getByRole('form', { name: 'Upload a spectrum' })).toBeVisible();
  const result = await new AxeBuilder({ page }).include('[data-testid="panel-spectra.spectra"]').withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});

test('markup in a spectrum label is shown as text, in the list and the legend', async ({ page }) => {
  const sitewide = await portal.api('GET', '/api/groups/public');
  const label = '<img src=x onerror="document.title=1">bold<b>x</b>';
  await portal.api('POST', '/api/spectra', {
    obj_id: objId,
    instrument_id: spratId,
    observed_at: '2022-01-05T03:00:00',
    wavelengths: [5000, 5001, 5002],
    fluxes: [1, 1.1, 0.9],
    label,
    group_ids: [sitewide.id],
  });
  await openSource(page);
  const row = page.getByTestId('spectrum-row').filter({ hasText: '2022-01-05' });
  await expect(row).toContainText(label);
  await expect(page.getByTestId('spectra-table').locator('img, b')).toHaveCount(0);
  expect(await spectraOf(page)).toContain(`Liverpool Telescope/SPRAT · 2022-01-05 · ${label}`);
  expect(await page.title()).not.toBe('1');
});

test('a spectrum posted elsewhere appears on an open page without a reload', async ({ page }) => {
  await openSource(page);
  const before = await spectraOf(page);
  const navigations: string[] = [];
  page.on('framenavigated', (frame) => navigations.push(frame.url()));
  const sitewide = await portal.api('GET', '/api/groups/public');
  // spectra.changed on source:<id> invalidates the panel's cached spectra: it refetches and redraws.
  await portal.api('POST', '/api/spectra', {
    obj_id: objId,
    instrument_id: snifsId,
    observed_at: '2023-02-01T10:00:00',
    wavelengths: [6000, 6001, 6002],
    fluxes: [2, 2.2, 1.8],
    group_ids: [sitewide.id],
  });
  await expect.poll(() => spectraOf(page)).toEqual([...before, 'UH88/SNIFS · 2023-02-01']);
  await expect(page.getByTestId('spectrum-row')).toHaveCount(before.length + 1);
  expect(navigations).toEqual([]);
});

test('a page with a light curve and spectra downloads BokehJS once, and draws both', async ({ page }) => {
  const both = 'ZTF18bothplots';
  await seedZtfLightCurve(portal, both);
  const spectrum = await portal.api('GET', `/api/sources/${objId}/spectra`);
  const { wavelengths, fluxes } = spectrum.spectra[0];
  await portal.api('POST', '/api/spectra', { obj_id: both, instrument_id: spratId, observed_at: '2021-04-03T02:28:19', wavelengths, fluxes, group_ids: 'all' });
  const bokehChunks: string[] = [];
  page.on('response', async (response) => {
    if (!response.url().endsWith('.js')) return;
    const body = await response.text().catch(() => '');
    if (body.includes('BokehJS ')) bokehChunks.push(response.url());
  });
  await logIn(page, portal);
  await page.goto(`${portal.url}/source/${both}`);
  await expect(page.getByTestId('lightcurve-plot')).toHaveAttribute('data-drawn', 'true');
  await expect(plot(page)).toHaveAttribute('data-drawn', 'true');
  expect(await spectraOf(page)).toHaveLength(1);
  expect(bokehChunks).toHaveLength(1);
});
