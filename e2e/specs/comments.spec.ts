import { test, expect, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { createDatabase, startPortal, sitePlugins, logIn, type Portal } from '../lib/portal.js';

// Comments, mentions and chat between three people at once, each in a browser of their own:
// alice and bob observe for the "Nova hunters" group, carol does not (all three are in the
// sitewide group, so all three see the source). Everything arrives over the page's WebSocket.
let portal: Portal;
let novaGroupId: number;
let sitewideId: number;
const objId = 'ZTF21aaqjmps';
const password = 'e2e-user-password';
const people = ['alice', 'bob', 'carol'] as const;
type Person = (typeof people)[number];

test.beforeAll(async () => {
  portal = await startPortal({ databaseUrl: await createDatabase(), plugins: sitePlugins({ comments: { enabled: true } }) });
  ({ id: sitewideId } = await portal.api('GET', '/api/groups/public'));
  ({ id: novaGroupId } = await portal.api('POST', '/api/groups', { name: 'Nova hunters', nickname: 'novae' }));
  for (const [index, username] of people.entries()) {
    const { id } = await portal.api('POST', '/api/user', {
      username,
      password,
      first_name: username[0]!.toUpperCase() + username.slice(1),
      roles: ['Full user'],
    });
    if (index < 2) await portal.api('POST', `/api/groups/${novaGroupId}/users`, { userID: id });
  }
  await portal.api('POST', '/api/sources', { id: objId, ra: 210.9106, dec: 54.3117, redshift: 0.0008, group_ids: [sitewideId, novaGroupId] });
});

test.afterAll(async () => {
  await portal?.stop();
});

/** A browser of its own for `username`, signed in (three of them share nothing: cookies, sockets, cache). */
async function signedIn(browser: Browser, username: Person): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, portal, username, password);
  return { context, page };
}

/** Every frame the page's WebSockets receive, as text (to prove what never reached someone). */
function receivedFrames(page: Page): string[] {
  const frames: string[] = [];
  page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => frames.push(String(payload))));
  return frames;
}

/** Navigations after this call: a live update must not need one. */
function navigations(page: Page): string[] {
  const urls: string[] = [];
  page.on('framenavigated', (frame) => urls.push(frame.url()));
  return urls;
}

async function openSource(page: Page) {
  await page.goto(`${portal.url}/source/${objId}`);
  await expect(page.getByTestId('comments')).toBeVisible();
  await expect(page.getByTestId('no-comments').or(page.getByTestId('comment').first())).toBeVisible();
}

/** Posts from a comments panel (the source's by default), visible to exactly `groups` (by the names the checkboxes show). */
async function postComment(page: Page, text: string, groups: string[], panel: Locator = page.getByTestId('comments')) {
  await panel.getByRole('combobox', { name: /^Comment/ }).fill(text);
  const boxes = panel.getByRole('group', { name: 'Visible to' }).getByRole('checkbox');
  for (const box of await boxes.all()) {
    const name = (await box.evaluate((element) => element.parentElement!.textContent!.trim())) ?? '';
    await box.setChecked(groups.includes(name));
  }
  await panel.getByRole('button', { name: 'Post comment' }).click();
  await expect(panel.getByRole('combobox', { name: /^Comment/ })).toHaveValue('');
}

const commentWith = (page: Page, text: string) => page.getByTestId('comment').filter({ hasText: text });

test('a comment appears, changes and goes in a second browser without reload, and never reaches a third outside its group', async ({ browser }) => {
  const [a, b, c] = await Promise.all([signedIn(browser, 'alice'), signedIn(browser, 'bob'), signedIn(browser, 'carol')]);
  try {
    const carolFrames = receivedFrames(c.page);
    await Promise.all([openSource(a.page), openSource(b.page), openSource(c.page)]);
    const bobNavigations = navigations(b.page);
    const carolNavigations = navigations(c.page);

    await postComment(a.page, 'Spectrum shows broad H-alpha: a nova candidate', ['novae']);
    const atBob = commentWith(b.page, 'broad H-alpha');
    await expect(atBob).toBeVisible();
    await expect(atBob).toContainText('Alice (alice)');
    await expect(atBob.getByLabel('Visible to')).toHaveText('novae');
    const commentId = Number(await atBob.getAttribute('data-comment-id'));

    // A sitewide comment right after: carol's page is live and receives what she may read ...
    await postComment(a.page, 'Sitewide note: follow-up scheduled tonight', ['sitewide']);
    await expect(commentWith(c.page, 'follow-up scheduled')).toBeVisible();
    await expect(commentWith(b.page, 'follow-up scheduled')).toBeVisible();
    // ... and not the group's: not on screen, not even its id over her socket.
    await expect(commentWith(c.page, 'broad H-alpha')).toHaveCount(0);
    expect(carolFrames.some((frame) => frame.includes('comments.changed'))).toBe(true);
    expect(carolFrames.filter((frame) => frame.includes(`"comment_id":${commentId}`))).toEqual([]);

    // The author edits it: bob sees the new text; then deletes it: it goes from bob's page.
    const mine = commentWith(a.page, 'broad H-alpha');
    await mine.getByRole('button', { name: 'Edit' }).click();
    await mine.getByRole('combobox', { name: 'Comment' }).fill('Spectrum shows broad H-alpha and He I: a nova');
    await mine.getByRole('button', { name: 'Save' }).click();
    await expect(commentWith(b.page, 'and He I: a nova')).toBeVisible();
    await expect(commentWith(b.page, 'and He I: a nova')).toContainText('(edited)');
    // Only the author is offered to change it.
    await expect(commentWith(b.page, 'and He I').getByRole('button', { name: 'Edit' })).toHaveCount(0);

    a.page.once('dialog', (dialog) => dialog.accept());
    await commentWith(a.page, 'and He I').getByRole('button', { name: 'Delete' }).click();
    await expect(commentWith(b.page, 'and He I')).toHaveCount(0);
    await expect(commentWith(a.page, 'and He I')).toHaveCount(0);

    await expect(commentWith(c.page, 'H-alpha')).toHaveCount(0);
    expect(carolFrames.filter((frame) => frame.includes(`"comment_id":${commentId}`))).toEqual([]);
    expect(bobNavigations).toEqual([]);
    expect(carolNavigations).toEqual([]);
  } finally {
    await Promise.all([a.context.close(), b.context.close(), c.context.close()]);
  }
});

test('markup in a comment is shown as text, Markdown is formatted, and its attachment downloads', async ({ browser }) => {
  const [a, b] = await Promise.all([signedIn(browser, 'alice'), signedIn(browser, 'bob')]);
  try {
    await Promise.all([openSource(a.page), openSource(b.page)]);
    const text = 'Host is <b>bright</b> <img src=x onerror="window.__pwned=1"> see **Ia** [paper](javascript:alert(1))';
    await a.page
      .getByTestId('comments')
      .getByLabel('Attachment (optional)')
      .setInputFiles({ name: 'fit.txt', mimeType: 'text/plain', buffer: Buffer.from('chi2 = 1.02\n') });
    await postComment(a.page, text, ['novae']);
    for (const page of [a.page, b.page]) {
      const shown = commentWith(page, 'Host is').getByTestId('comment-text');
      await expect(shown).toContainText('Host is <b>bright</b> <img src=x onerror="window.__pwned=1"> see Ia');
      await expect(shown.locator('b, img, script, [onerror]')).toHaveCount(0);
      await expect(shown.locator('strong')).toHaveText('Ia');
      // A javascript: link is no link.
      await expect(shown.locator('a')).toHaveCount(0);
      expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    }
    const link = commentWith(b.page, 'Host is').getByRole('link', { name: 'fit.txt' });
    await expect(commentWith(b.page, 'Host is')).toContainText('fit.txt (12 B)');
    const [download] = await Promise.all([b.page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('fit.txt');
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('chi2 = 1.02\n');
  } finally {
    await Promise.all([a.context.close(), b.context.close()]);
  }
});

test('comments come ten to a page, newest first, with older ones a click away', async ({ page }) => {
  const pagedId = 'ZTF20acpqdpb';
  await portal.api('POST', '/api/sources', { id: pagedId, ra: 10.1, dec: -5.2, group_ids: [sitewideId] });
  for (let i = 1; i <= 12; i++) await portal.api('POST', `/api/sources/${pagedId}/comments`, { text: `Night ${i} note`, group_ids: [sitewideId] });
  await logIn(page, portal, 'carol', password);
  await page.goto(`${portal.url}/source/${pagedId}`);
  const panel = page.getByTestId('comments');
  await expect(panel.getByTestId('comment')).toHaveCount(10);
  await expect(panel.getByTestId('comment').first()).toContainText('Night 12 note');
  await expect(panel.getByTestId('comment').first()).toContainText('bot'); // posted with a token
  await panel.getByRole('button', { name: 'Older' }).click();
  await expect(panel.getByTestId('comment')).toHaveCount(2);
  await expect(panel.getByTestId('comment').last()).toContainText('Night 1 note');
  await expect(panel.getByRole('button', { name: 'Older' })).toBeDisabled();
  await panel.getByRole('button', { name: 'Newer' }).click();
  await expect(panel.getByTestId('comment').first()).toContainText('Night 12 note');
});

test('an @mention reaches its user: the bell counts it live, and it leads to the source', async ({ browser }) => {
  const [a, b] = await Promise.all([signedIn(browser, 'alice'), signedIn(browser, 'bob')]);
  try {
    const bell = b.page.getByRole('button', { name: /^Notifications/ });
    await expect(bell).toHaveAccessibleName('Notifications');
    await expect(b.page.getByTestId('notifications-badge')).toHaveCount(0);
    const bobNavigations = navigations(b.page);

    await openSource(a.page);
    // The suggestion list offers group members: alice picks bob from the keyboard.
    const box = a.page.getByTestId('comments').getByRole('combobox', { name: /^Comment/ });
    await box.fill('Could you take a spectrum tonight, @bo');
    await expect(a.page.getByRole('option', { name: /@bob/ })).toBeVisible();
    await box.press('Enter');
    await expect(box).toHaveValue('Could you take a spectrum tonight, @bob ');
    await box.pressSequentially('?');
    await a.page.getByTestId('comments').getByRole('button', { name: 'Post comment' }).click();

    // Bob, on another page, sees the bell count it without reloading.
    await expect(b.page.getByTestId('notifications-badge')).toHaveText('1');
    await expect(bell).toHaveAccessibleName('Notifications, 1 unread');
    expect(bobNavigations).toEqual([]);
    await bell.click();
    const panel = b.page.getByRole('region', { name: 'Latest notifications' });
    const notification = panel.getByTestId('notification').filter({ hasText: `alice mentioned you in a comment on ${objId}` });
    await expect(notification).toBeVisible();
    await b.page.keyboard.press('Escape');
    await expect(panel).toBeHidden();
    await expect(bell).toBeFocused();

    await bell.click();
    await notification.getByRole('link').click();
    await expect(b.page).toHaveURL(new RegExp(`/source/${objId}$`));
    await expect(panel).toBeHidden();
    const mention = commentWith(b.page, 'take a spectrum tonight, @bob');
    await expect(mention).toBeVisible();
    await expect(mention.locator('.comments-mention-tag')).toHaveText('@bob');
    // Opened, so read: the badge goes, and the full list says so.
    await expect(b.page.getByTestId('notifications-badge')).toHaveCount(0);
    await b.page.goto(`${portal.url}/notifications`);
    await expect(b.page.getByTestId('unread-count')).toHaveText('No unread notifications');
    await expect(b.page.getByTestId('notification')).toHaveCount(1);
  } finally {
    await Promise.all([a.context.close(), b.context.close()]);
  }
});

test("a comment on a spectrum appears in that spectrum's details in a second browser, not on the source's own", async ({ browser }) => {
  const telescope = await portal.api('POST', '/api/telescope', { name: 'UH88', nickname: 'UH88', lat: 19.82, lon: -155.47, elevation: 4205, diameter: 2.2 });
  const instrument = await portal.api('POST', '/api/instrument', { name: 'SNIFS', type: 'spectrograph', band: 'optical', telescope_id: telescope.id });
  await portal.api('POST', '/api/spectra', {
    obj_id: objId,
    instrument_id: instrument.id,
    observed_at: '2021-09-18T10:00:00',
    wavelengths: [4000, 5000, 6000, 7000],
    fluxes: [1.1e-16, 1.3e-16, 1.2e-16, 1.0e-16],
    group_ids: [sitewideId, novaGroupId],
  });
  const [a, b] = await Promise.all([signedIn(browser, 'alice'), signedIn(browser, 'bob')]);
  try {
    const spectrumComments = (page: Page) => page.getByTestId('spectrum-details').getByTestId('spectrum-comments');
    for (const page of [a.page, b.page]) {
      await openSource(page);
      await page.getByRole('button', { name: 'Details of UH88/SNIFS · 2021-09-18' }).click();
      await expect(spectrumComments(page).getByTestId('no-comments')).toBeVisible();
    }
    await postComment(a.page, 'Telluric A band badly corrected on this one', ['novae'], spectrumComments(a.page));
    await expect(spectrumComments(b.page).getByTestId('comment').filter({ hasText: 'Telluric A band' })).toBeVisible();
    await expect(commentWith(b.page, 'Telluric A band')).toHaveCount(1); // in the spectrum's panel only, not the source's
    await expect(b.page.getByTestId('comments').getByTestId('comment').filter({ hasText: 'Telluric A band' })).toHaveCount(0);
  } finally {
    await Promise.all([a.context.close(), b.context.close()]);
  }
});

/**
 * Lets the test cut the page's WebSocket as a network drop would: `__cutSockets(true)` closes every
 * open one and sends reconnection attempts nowhere; `__cutSockets(false)` lets the next attempt through.
 */
async function cuttableSockets(context: BrowserContext) {
  await context.addInitScript(() => {
    const Native = window.WebSocket;
    const open: WebSocket[] = [];
    let cut = false;
    class Cuttable extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(cut ? 'ws://127.0.0.1:9/unreachable' : url, protocols);
        open.push(this);
      }
    }
    window.WebSocket = Cuttable;
    (window as unknown as { __cutSockets(on: boolean): void }).__cutSockets = (on: boolean) => {
      cut = on;
      if (on) for (const socket of open.splice(0)) socket.close();
    };
  });
}

const cutSockets = (page: Page, on: boolean) => page.evaluate((value) => (window as unknown as { __cutSockets(on: boolean): void }).__cutSockets(value), on);

test('chat: presence, typing, older pages, and a message sent while the socket is cut arrives once after it reconnects', async ({ browser }) => {
  // An evening's history in the group's room, older than one page.
  for (let i = 1; i <= 35; i++) await portal.api('POST', `/api/chat/rooms/${novaGroupId}/messages`, { text: `log line ${i}` });
  const a = await signedIn(browser, 'alice');
  const b = await (async () => {
    const context = await browser.newContext();
    await cuttableSockets(context);
    const page = await context.newPage();
    await logIn(page, portal, 'bob', password);
    return { context, page };
  })();
  try {
    const room = (page: Page) => page.getByTestId('chat-room');
    for (const page of [a.page, b.page]) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chat' }).click();
      await page.getByRole('navigation', { name: 'Chat rooms' }).getByRole('link', { name: 'novae' }).click();
      await expect(room(page).getByTestId('chat-message').last()).toContainText('log line 35');
    }
    await expect(room(b.page).getByTestId('chat-message')).toHaveCount(30);
    await room(b.page).getByRole('button', { name: 'Load older messages' }).click();
    await expect(room(b.page).getByTestId('chat-message')).toHaveCount(35);
    await expect(room(b.page).getByTestId('chat-message').first()).toContainText('log line 1');
    await expect(room(b.page).getByRole('button', { name: 'Load older messages' })).toHaveCount(0);

    await expect(room(b.page).getByTestId('chat-present')).toContainText('alice');
    await expect(room(a.page).getByTestId('chat-present')).toContainText('bob');

    const aliceBox = room(a.page).getByRole('combobox', { name: /^Message/ });
    await aliceBox.pressSequentially('Seeing is');
    await expect(room(b.page).getByTestId('chat-typing')).toHaveText('alice is typing…');
    await aliceBox.pressSequentially(' good tonight');
    await aliceBox.press('Enter');
    await expect(room(b.page).getByTestId('chat-message').last()).toContainText('Seeing is good tonight');
    await expect(room(b.page).getByTestId('chat-typing')).toHaveText('', { timeout: 10_000 });

    // Bob's socket drops; alice writes meanwhile; bob's page gets it once it is back, once.
    await cutSockets(b.page, true);
    await aliceBox.fill('Clouds coming in, closing the dome');
    await aliceBox.press('Enter');
    await expect(room(a.page).getByTestId('chat-message').last()).toContainText('closing the dome');
    await b.page.waitForTimeout(1500);
    await expect(room(b.page).getByTestId('chat-message').filter({ hasText: 'closing the dome' })).toHaveCount(0);
    await cutSockets(b.page, false);
    await expect(room(b.page).getByTestId('chat-message').filter({ hasText: 'closing the dome' })).toHaveCount(1, { timeout: 30_000 });
    // And what follows arrives live again, after it, with nothing doubled.
    await aliceBox.fill('Dome closed');
    await aliceBox.press('Enter');
    await expect(room(b.page).getByTestId('chat-message').last()).toContainText('Dome closed');
    const texts = (await room(b.page).getByTestId('chat-message-text').allTextContents()).map((text) => text.trim());
    expect(texts.slice(-3)).toEqual(['Seeing is good tonight', 'Clouds coming in, closing the dome', 'Dome closed']);
    expect(new Set(texts).size).toBe(texts.length);
    expect(texts).toHaveLength(38);
  } finally {
    await Promise.all([a.context.close(), b.context.close()]);
  }
});

test('the source page with comments, the chat, the notifications and the open bell pass axe', async ({ page }) => {
  await portal.api('POST', `/api/sources/${objId}/comments`, { text: 'Checked by **axe**', group_ids: [sitewideId] });
  await portal.api('POST', `/api/chat/rooms/${novaGroupId}/messages`, { text: 'Checked by axe' });
  await logIn(page, portal, 'alice', password);
  const violations = async () =>
    (await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()).violations.map(
      (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  await openSource(page);
  await expect(page.getByTestId('comment').first()).toBeVisible();
  expect(await violations()).toEqual([]);
  await page.goto(`${portal.url}/chat/${novaGroupId}`);
  await expect(page.getByTestId('chat-message').first()).toBeVisible();
  expect(await violations()).toEqual([]);
  await page.goto(`${portal.url}/notifications`);
  await expect(page.getByTestId('unread-count')).toBeVisible();
  expect(await violations()).toEqual([]);
  await page.getByRole('button', { name: /^Notifications/ }).click();
  await expect(page.getByRole('region', { name: 'Latest notifications' }).getByTestId('unread-count')).toBeVisible();
  expect(await violations()).toEqual([]);
});
