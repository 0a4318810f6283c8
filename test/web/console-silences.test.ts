import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { TestHerald } from '../support/herald.ts';
import { logIn, type TestUser } from './support/accounts.ts';
import type { BrowserSession } from './support/browser.ts';
import { consoleSuite } from './support/console-suite.ts';
import { checkPage } from './support/page-check.ts';

/**
 * The Silences page in real Chromium against a real Herald: an ops user mutes
 * a namespace, sees the muted event named in Live events, and expires the
 * silence; a viewer reads the list without the form or the expire button.
 */
describe('console: Silences page in Chromium', () => {
  const OPS: TestUser = { name: 'sally', password: 'sally-password-123', role: 'ops' };
  const VIEWER: TestUser = { name: 'vera', password: 'vera-password-1234', role: 'viewer' };
  let herald: TestHerald;
  let ops: BrowserSession;
  let viewer: BrowserSession | undefined;

  const suite = consoleSuite([OPS, VIEWER]);
  before(async () => {
    herald = suite.herald;
    ops = await suite.open();
  });

  test('ops creates a silence, a muted event names it in Live events, and ops expires it', async () => {
    const { page } = ops;
    await logIn(page, OPS);
    await page.getByRole('link', { name: 'Silences' }).click();
    await page.getByRole('heading', { name: 'Silences', exact: true }).waitFor();
    await page.getByText('No silences.').waitFor();

    await page.getByRole('button', { name: 'Create silence' }).click();
    await page.locator('#sil-comment-error').waitFor();
    await page.getByLabel('Comment').fill('node upgrade');
    await page.getByRole('button', { name: 'Create silence' }).click();
    await page.locator('#sil-matchers-error').filter({ hasText: 'at least one matcher' }).waitFor();

    await page.getByLabel('Namespaces').fill('maint, !maint-keep');
    await page.getByLabel('For').selectOption('4');
    await page.getByRole('button', { name: 'Create silence' }).click();
    const row = page.locator('table tbody tr').filter({ hasText: 'node upgrade' });
    await row.waitFor();
    assert.match(await row.textContent() ?? '', /active.*namespaces=maint,!maint-keep.*sally/);
    await checkPage(page, 'ops', 'silences');

    const [silence] = (await herald.api('/api/v1/silences')).body.items;
    // The browser reckons the end from its clock, the server the start from its own: the same machine, a few ms apart.
    const hours = (Date.parse(silence.endsAt) - Date.parse(silence.startsAt)) / 3_600_000;
    assert.ok(hours > 3.99 && hours <= 4, `"For: 4 hours" ends four hours after the start (${hours})`);
    assert.deepEqual(silence.matchers.namespaces, ['maint', '!maint-keep']);
    const muted = await herald.api('/api/v1/events', { body: { event: 'update', namespace: 'maint', name: 'db', summary: 'muted in e2e' } });
    assert.deepEqual(muted.body.items[0].silencedBy, [silence.id]);
    await page.getByRole('link', { name: 'Events', exact: true }).click();
    await page.locator('table.events tbody tr').filter({ hasText: 'muted in e2e' }).filter({ hasText: `muted by ${silence.id}` }).waitFor();

    await page.getByRole('link', { name: 'Silences' }).click();
    await page.getByRole('button', { name: `Expire silence ${silence.id}` }).click();
    await page.locator('table tbody tr').filter({ hasText: 'node upgrade' }).filter({ hasText: 'expired' }).waitFor();
    assert.equal((await herald.api(`/api/v1/silences/${silence.id}`)).body.state, 'expired');
  });

  test('a viewer reads silences without the form or the expire button', async () => {
    await herald.api('/api/v1/silences', { body: { matchers: { kinds: ['Job'] }, endsAt: new Date(Date.now() + 3_600_000).toISOString(), comment: 'batch night' } });
    viewer = await suite.open();
    const { page } = viewer;
    await logIn(page, VIEWER);
    await page.goto('/silences');
    await page.locator('table tbody tr').filter({ hasText: 'batch night' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Create silence' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: /^Expire silence/ }).count(), 0);
  });
});
