import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { parse as parseYaml } from 'yaml';
import { createDatabase, startPortal, sitePlugins, logIn, recordApiRequests, repoRoot, type Portal } from '../lib/portal.js';

// Classifying a source as two astronomers do at night: alice picks a class from the shipped
// time-domain taxonomy (posted through the API as a site would), bob watches the same source page
// and votes; the sources list then filters by that class, and by "unclassified".
let portal: Portal;
let sitewideId: number;
let taxonomyName: string;
const classified = 'ZTF24aaclassd';
const unclassified = 'ZTF24aaplainx';
const password = 'e2e-user-password';

test.beforeAll(async () => {
  portal = await startPortal({ databaseUrl: await createDatabase(), plugins: sitePlugins({ classifications: { enabled: true } }) });
  ({ id: sitewideId } = await portal.api('GET', '/api/groups/public'));
  for (const username of ['alice', 'bob']) {
    await portal.api('POST', '/api/user', { username, password, first_name: username, roles: ['Full user'] });
  }
  const shipped = parseYaml(readFileSync(path.join(repoRoot, 'plugins/classifications/demo/time-domain-taxonomy.yaml'), 'utf8'));
  taxonomyName = shipped.name;
  await portal.api('POST', '/api/taxonomy', { ...shipped, group_ids: [sitewideId], isLatest: true });
  for (const [id, ra] of [
    [classified, 150.1],
    [unclassified, 150.2],
  ] as const) {
    await portal.api('POST', '/api/sources', { id, ra, dec: 2.2, group_ids: [sitewideId] });
  }
});

test.afterAll(async () => {
  await portal?.stop();
});

async function signedIn(browser: Browser, username: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, portal, username, password);
  return { context, page };
}

async function openSource(page: Page, id = classified) {
  await page.goto(`${portal.url}/source/${id}`);
  await expect(page.getByTestId('classification-chips')).toBeVisible();
}

const chip = (page: Page, name: string) =>
  page.getByTestId('classification-chip').filter({ has: page.locator('.classif-chip__name', { hasText: new RegExp(`^${name}$`) }) });

/** The names on the sources list, once it shows `count` rows. */
async function listed(page: Page, count: number): Promise<string[]> {
  await expect(page.getByTestId('source-row')).toHaveCount(count);
  await expect(page.getByTestId('sources-table')).toHaveAttribute('aria-busy', 'false');
  return page.getByTestId('source-row').locator('td:first-child').allTextContents();
}

test('a class chosen in the form becomes a chip, live on another page; votes count; the list filters by it', async ({ browser }) => {
  const [a, b] = await Promise.all([signedIn(browser, 'alice'), signedIn(browser, 'bob')]);
  try {
    await Promise.all([openSource(a.page), openSource(b.page)]);
    await expect(b.page.getByTestId('no-classifications')).toHaveText('Not classified yet');
    const bobNavigations: string[] = [];
    b.page.on('framenavigated', (frame) => bobNavigations.push(frame.url()));

    // Alice searches the tree by a path, as typed, and picks Ia; the form shows where it sits.
    const form = a.page.getByRole('form', { name: 'Classify this source' });
    await expect(form.getByLabel('Taxonomy')).toHaveValue(/\d+/);
    await expect(form.getByLabel('Taxonomy').locator('option:checked')).toHaveText(`${taxonomyName} (1.0.0)`);
    const picker = form.getByRole('combobox', { name: 'Class', exact: true });
    await picker.fill('supernova ia');
    const choices = form.getByRole('listbox', { name: 'Class choices' });
    await expect(choices.getByRole('option').first()).toHaveAccessibleName('Time-domain Source › Transient › Supernova › Thermonuclear › Ia');
    await choices.getByRole('option', { name: 'Time-domain Source › Transient › Supernova › Thermonuclear › Ia', exact: true }).click();
    await expect(picker).toHaveValue('Ia');
    await expect(form.getByTestId('chosen-class-path')).toHaveText('Time-domain Source › Transient › Supernova › Thermonuclear › Ia');

    // A probability out of range is refused next to its field, and nothing can be sent.
    const probability = form.getByLabel('Probability (0–1)');
    await probability.fill('1.5');
    await expect(form.getByRole('alert')).toHaveText('Probability must be a number from 0 to 1');
    await expect(probability).toHaveAttribute('aria-invalid', 'true');
    await expect(form.getByRole('button', { name: 'Classify' })).toBeDisabled();
    await probability.fill('0.9');
    await expect(form.getByRole('alert')).toHaveCount(0);
    await form.getByRole('button', { name: 'Classify' }).click();
    await expect(picker).toHaveValue('');

    // The chip: on alice's page, and on bob's without a reload. The author's vote comes with it.
    for (const page of [a.page, b.page]) {
      const ia = chip(page, 'Ia');
      await expect(ia).toBeVisible();
      await expect(ia.locator('.classif-chip__probability')).toHaveText('0.90');
      // One taxonomy on this source: the chip's title names it, the chip itself needs not.
      await expect(ia.locator('.classif-chip__taxonomy')).toHaveCount(0);
      await expect(ia).toHaveAttribute(
        'title',
        new RegExp(
          `^Time-domain Source › Transient › Supernova › Thermonuclear › Ia · P = 0\\.90 · ${taxonomyName} · by alice · \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d$`,
        ),
      );
    }
    await expect(chip(a.page, 'Ia').getByRole('button', { name: /^Agree with Ia/ })).toHaveAttribute('aria-pressed', 'true');
    await expect(chip(b.page, 'Ia').getByRole('button', { name: 'Agree with Ia: 1 up' })).toHaveAttribute('aria-pressed', 'false');

    // A classifier's guess arrives through the API: marked ML, and after the more probable Ia.
    await portal.api('POST', '/api/classification', {
      obj_id: classified,
      classification: 'AGN',
      taxonomy_id: (await portal.api('GET', '/api/taxonomy'))[0].id,
      probability: 0.35,
      ml: true,
      origin: 'SCoPe',
      group_ids: [sitewideId],
      vote: false,
    });
    await expect(b.page.getByTestId('classification-chip')).toHaveCount(2);
    await expect(b.page.locator('.classif-chip__name')).toHaveText(['Ia', 'AGN']);
    await expect(chip(b.page, 'AGN')).toHaveClass(/classif-chip--ml/);
    await expect(chip(b.page, 'AGN').getByTitle('Made by a machine-learning classifier')).toHaveText('ML');

    // Bob agrees, then changes his mind, then withdraws: both pages count each step.
    const bobIa = chip(b.page, 'Ia');
    await bobIa.getByRole('button', { name: /^Agree with Ia/ }).click();
    await expect(bobIa.getByRole('button', { name: 'Agree with Ia: 2 up' })).toHaveAttribute('aria-pressed', 'true');
    await expect(chip(a.page, 'Ia').getByTestId('upvotes')).toHaveText('2');
    await bobIa.getByRole('button', { name: /^Disagree with Ia/ }).click();
    await expect(bobIa.getByRole('button', { name: 'Disagree with Ia: 1 down' })).toHaveAttribute('aria-pressed', 'true');
    await expect(bobIa.getByTestId('upvotes')).toHaveText('1');
    await expect(chip(a.page, 'Ia').getByTestId('downvotes')).toHaveText('1');
    await bobIa.getByRole('button', { name: /^Disagree with Ia/ }).click();
    await expect(bobIa.getByRole('button', { name: 'Disagree with Ia: 0 down' })).toHaveAttribute('aria-pressed', 'false');
    await expect(chip(a.page, 'Ia').getByTestId('downvotes')).toHaveText('0');
    expect(bobNavigations).toEqual([]);

    // Only the author is offered to delete hers.
    const panel = a.page.getByTestId('classifications-panel');
    await expect(b.page.getByTestId('classifications-panel').getByRole('button', { name: 'Delete Ia' })).toHaveCount(0);
    await expect(
      panel
        .getByTestId('classification-row')
        .filter({ hasText: 'SCoPe' })
        .getByRole('button', { name: /^Delete/ }),
    ).toHaveCount(0);

    // The list: by that class, the classified source only; unclassified, the other one only.
    const list = a.page;
    await list.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sources' }).click();
    expect(await listed(list, 2)).toEqual([unclassified, classified]);
    const search = list.getByRole('form', { name: 'Search sources' });
    await search.getByLabel('Classification').selectOption({ label: taxonomyName });
    await search.getByRole('combobox', { name: 'Class', exact: true }).fill('Ia');
    await search.getByRole('listbox', { name: 'Class choices' }).getByRole('option', { name: /› Ia$/ }).click();
    await search.getByRole('button', { name: 'Search' }).click();
    expect(await listed(list, 1)).toEqual([classified]);
    expect(new URL(list.url()).searchParams.get('classifications')).toBe(`${taxonomyName}: Ia`);
    // A class nobody gave: nothing.
    await search.getByRole('combobox', { name: 'Class', exact: true }).fill('IIn');
    await search
      .getByRole('listbox', { name: 'Class choices' })
      .getByRole('option', { name: /› IIn$/ })
      .click();
    await search.getByRole('button', { name: 'Search' }).click();
    await expect(list.getByText('No sources match.')).toBeVisible();
    await search.getByLabel('Classification').selectOption({ label: 'Unclassified' });
    await search.getByRole('button', { name: 'Search' }).click();
    expect(await listed(list, 1)).toEqual([unclassified]);
    // Reloaded, the URL keeps the filter and the form shows it.
    await list.reload();
    await expect(search.getByLabel('Classification')).toHaveValue('unclassified');
    expect(await listed(list, 1)).toEqual([unclassified]);
    await search.getByRole('button', { name: 'Clear' }).click();
    expect(await listed(list, 2)).toEqual([unclassified, classified]);

    // Alice deletes hers: it leaves both pages.
    await openSource(a.page);
    await panel.getByRole('button', { name: 'Delete Ia' }).click();
    await panel.getByRole('button', { name: 'Delete Ia?' }).click();
    await expect(chip(b.page, 'Ia')).toHaveCount(0);
    await expect(chip(a.page, 'Ia')).toHaveCount(0);
    await expect(a.page.locator('.classif-chip__name')).toHaveText(['AGN']);
  } finally {
    await Promise.all([a.context.close(), b.context.close()]);
  }
});

test('the source page with chips, form and table, and the list with its filter, pass axe at 800 px', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
  const page = await context.newPage();
  const violations = async () =>
    (await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()).violations.map(
      (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  try {
    await logIn(page, portal, 'bob', password);
    await openSource(page);
    await expect(page.getByTestId('classification-chip').first()).toBeVisible();
    // With the class list open, as a user sees it while choosing.
    await page.getByRole('combobox', { name: 'Class', exact: true }).fill('tidal disruption');
    await expect(page.getByRole('listbox', { name: 'Class choices' }).getByRole('option').first()).toHaveAccessibleName('Time-domain Source › Transient › TDE');
    expect(await violations()).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).toBe(false);
    await page.goto(`${portal.url}/sources?classifications=${encodeURIComponent(`${taxonomyName}: AGN`)}`);
    await expect(page.getByTestId('source-row')).toHaveCount(1);
    await expect(page.getByRole('combobox', { name: 'Class', exact: true })).toHaveValue('AGN');
    expect(await violations()).toEqual([]);
  } finally {
    await context.close();
  }
});

test('a site with classifications switched off shows source pages and the list, asking nothing of them', async ({ page }) => {
  const site = await startPortal({ databaseUrl: await createDatabase(), plugins: sitePlugins({ classifications: { enabled: false } }) });
  try {
    await site.api('POST', '/api/sources', { id: unclassified, ra: 150.2, dec: 2.2 });
    const requests = recordApiRequests(page);
    await logIn(page, site);
    await page.goto(`${site.url}/source/${unclassified}`);
    await expect(page.getByTestId('source-header')).toContainText(unclassified);
    await expect(page.getByTestId('panel-sources.source-info')).toBeVisible();
    await expect(page.getByTestId('classification-chips')).toHaveCount(0);
    await page.goto(`${site.url}/sources`);
    await expect(page.getByTestId('source-row')).toHaveCount(1);
    await expect(page.getByRole('form', { name: 'Search sources' }).getByLabel('Classification')).toHaveCount(0);
    // A bookmarked filter of the plugin is ignored, not an error.
    await page.goto(`${site.url}/sources?unclassified=true`);
    await expect(page.getByTestId('source-row')).toHaveCount(1);
    await expect(page.getByTestId('error-card')).toHaveCount(0);
    expect(requests.filter((path) => path.startsWith('/api/classification') || path.startsWith('/api/taxonomy') || path.endsWith('/classifications'))).toEqual(
      [],
    );
  } finally {
    await site.stop();
  }
});
