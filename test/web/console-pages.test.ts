import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { TestHerald } from '../support/herald.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { logIn, type TestUser } from './support/accounts.ts';
import type { BrowserSession } from './support/browser.ts';
import { consoleSuite } from './support/console-suite.ts';
import { checkPage } from './support/page-check.ts';

/**
 * The console's pages beyond the webhook basics, in Chromium against a real
 * Herald: every delivery setting saved through the form, the message preview,
 * delete with confirmation, delivery filters and recovery, the event browser
 * with filters, SSE and detail, users, tokens, audit, profile; then what ops
 * and viewers see. Every page is scanned by axe-core and photographed at
 * 1280 and 390 px (support/page-check.ts).
 */
describe('console pages for every role', () => {
  const ADMIN: TestUser = { name: 'ada', password: 'ada-password-12345', role: 'admin' };
  const OPS: TestUser = { name: 'otto', password: 'otto-password-1234', role: 'ops' };
  const VIEWER: TestUser = { name: 'vera', password: 'vera-password-1234', role: 'viewer' };
  let herald: TestHerald;
  let receiver: Receiver;
  let admin: BrowserSession;
  let ops: BrowserSession | undefined;
  let viewer: BrowserSession | undefined;
  let webhookId = '';
  let eventId = '';

  const suite = consoleSuite([ADMIN, OPS, VIEWER]);
  before(async () => {
    herald = suite.herald;
    receiver = suite.own(await startReceiver(() => ({ status: 503, body: 'down for maintenance' })));
    admin = await suite.signedIn(ADMIN);
  });

  test('the form saves every delivery setting: exponential retry, timeout, concurrency, plain and secret headers, template', async () => {
    const { page } = admin;
    await page.goto('/settings/webhooks/new');
    await page.getByLabel('Platform', { exact: true }).selectOption('custom');
    await page.getByLabel('Name', { exact: true }).fill('flaky receiver');
    await page.getByLabel('URL', { exact: true }).fill(receiver.url);
    await page.getByLabel('Retry policy', { exact: true }).selectOption('exponential');
    await page.getByLabel('Max attempts', { exact: true }).fill('2');
    await page.getByLabel('First delay (s)', { exact: true }).fill('600');
    await page.getByLabel('Longest delay (s)', { exact: true }).fill('600');
    await page.getByLabel('Timeout (seconds)', { exact: true }).fill('7');
    await page.getByLabel('Concurrency', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Add header' }).click();
    await page.getByRole('button', { name: 'Add header' }).click();
    await page.getByLabel('Header 1 name', { exact: true }).fill('X-Team');
    await page.getByLabel('Header 1 value', { exact: true }).fill('platform');
    await page.getByLabel('Header 2 name', { exact: true }).fill('X-Api-Key');
    await page.getByLabel('Header 2 value', { exact: true }).fill('api-key-typed-once');
    await page.getByRole('group', { name: 'Header 2' }).getByLabel('Secret').check();
    await checkPage(page, 'admin', 'webhook-new-delivery-settings');
    await page.getByRole('button', { name: 'Create webhook' }).click();
    await page.waitForURL(/\/settings\/webhooks\/wh_[^/]+$/);
    webhookId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);

    const saved = (await herald.api(`/api/v1/webhooks/${webhookId}`)).body;
    assert.deepEqual(saved.retry, { policy: 'exponential', maxAttempts: 2, initialDelaySeconds: 600, maxDelaySeconds: 600 });
    assert.equal(saved.timeoutSeconds, 7);
    assert.equal(saved.concurrency, 2);
    assert.deepEqual(saved.headers, { 'X-Team': 'platform', 'X-Api-Key': { secret: true } });
    assert.equal(await page.getByLabel('Header 2 value', { exact: true }).inputValue(), '', 'a secret header is never shown back');

    // A template error from the server lands under the template input; a good one saves, the secret header kept.
    await page.getByLabel('Message template', { exact: true }).fill('{{ broken');
    await page.getByRole('button', { name: 'Save changes' }).click();
    const templateError = page.locator('#wh-template-error');
    if (await templateError.count() === 0) await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.getByLabel('Message template', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const after = (await herald.api(`/api/v1/webhooks/${webhookId}`)).body;
    assert.deepEqual(after.headers, { 'X-Team': 'platform', 'X-Api-Key': { secret: true } }, 'the blank secret header kept its value');
    assert.equal(after.template, null);
    await checkPage(page, 'admin', 'webhook-settings');
  });

  test('Send test event shows the request sent, with the secret header masked', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.getByTestId('test-result').filter({ hasText: 'Test failed' }).waitFor();
    const sent = page.getByTestId('request-view');
    await sent.waitFor();
    const text = await sent.textContent() ?? '';
    assert.match(text, /x-api-key: ••••••/i);
    assert.match(text, /X-Team: platform/i);
    assert.ok(!text.includes('api-key-typed-once'), 'the secret value is not shown');
    assert.equal(receiver.requests[0]!.headers['x-api-key'], 'api-key-typed-once', 'but it was sent');
    await checkPage(page, 'admin', 'webhook-tested');
  });

  test('the preview tab shows the message of a Slack webhook as the platform shows it', async () => {
    const { page } = admin;
    const slack = await herald.api('/api/v1/webhooks', { body: { name: 'team chat', platform: 'slack', url: 'https://hooks.slack.com/services/T0/B0/xyz', enabled: false } });
    await page.goto(`/settings/webhooks/${slack.body.id}/preview`);
    const bubble = page.getByTestId('message-preview');
    await bubble.waitFor();
    assert.match(await bubble.textContent() ?? '', /web/);
    await page.getByTestId('request-view').waitFor();
    // Slack's *bold* field labels are bold, the asterisks gone, the &lt; escapes read back as characters.
    assert.ok(await bubble.locator('strong').count() > 0, 'mrkdwn bold is shown bold');
    assert.doesNotMatch(await bubble.textContent() ?? '', /\*|&lt;|&amp;/);
    await checkPage(page, 'admin', 'webhook-preview');

    const discord = await herald.api('/api/v1/webhooks', { body: { name: 'discord chat', platform: 'discord', url: 'https://discord.com/api/webhooks/1/abc', enabled: false } });
    assert.equal(discord.status, 201, JSON.stringify(discord.body));
    await page.goto(`/settings/webhooks/${discord.body.id}/preview`);
    const md = page.locator('[data-testid="message-preview"][data-markup="markdown"]');
    await md.waitFor();
    assert.ok(await md.locator('strong').count() > 0, 'Markdown **bold** is shown bold');
    assert.doesNotMatch(await md.textContent() ?? '', /\*\*|`/);
    await checkPage(page, 'admin', 'webhook-preview-discord');
  });

  test('the delivery history filters by status, searches, shows the next retry and recovers failed deliveries', async () => {
    const { page } = admin;
    const recorded = await herald.api('/api/v1/events', { body: { event: 'scale', cluster: 'prod', namespace: 'shop', resource: 'Deployment', name: 'cart', actor: 'ada', changes: [{ field: 'spec.replicas', old: 2, new: 4 }] } });
    eventId = recorded.body.items[0].id;
    await page.goto(`/settings/webhooks/${webhookId}/deliveries`);
    const rows = page.locator('table.deliveries tbody tr');
    await rows.nth(1).waitFor();
    // The scale event's delivery failed once (503) and waits 600 s for its retry.
    const pendingRow = rows.filter({ hasText: 'pending' });
    await pendingRow.waitFor({ timeout: 15_000 });
    assert.notEqual(await pendingRow.locator('td[data-label="Next retry"] time').count(), 0, 'the next retry time is shown');

    await page.getByLabel('Status', { exact: true }).selectOption('failed');
    // The list on screen is replaced when the server's filtered page arrives: wait for that page, not the old one.
    await page.waitForFunction(() => {
      const shown = [...document.querySelectorAll('table.deliveries tbody tr')];
      return shown.length > 0 && shown.every((r) => !(r.textContent ?? '').includes('pending'));
    }, undefined, { timeout: 15_000 });
    await rows.filter({ hasText: 'failed' }).first().waitFor();
    assert.equal(await rows.filter({ hasText: 'pending' }).count(), 0, 'only failed deliveries');
    await page.getByLabel('Status', { exact: true }).selectOption('');
    await page.getByLabel('Search', { exact: true }).fill('no-such-delivery');
    await page.getByText('No delivery matches these filters.').waitFor();
    // The event's name is not on the page: only the server's search can find its delivery.
    const cartDelivery = (await herald.api(`/api/v1/events/${eventId}`)).body.deliveries[0].id as string;
    await page.getByLabel('Search', { exact: true }).fill('CART');
    await page.locator(`tr[data-delivery-id="${cartDelivery}"]`).waitFor();
    assert.equal(await rows.count(), 1, 'the search asks the server: only the cart event\'s delivery');
    await page.getByLabel('Search', { exact: true }).fill('503');
    await rows.first().waitFor();
    await page.getByLabel('From', { exact: true }).fill('2000-01-01T00:00');
    await page.getByLabel('Until', { exact: true }).fill('2000-01-02T00:00');
    await page.getByText('No delivery matches these filters.').waitFor();
    await page.getByLabel('From', { exact: true }).fill('');
    await page.getByLabel('Until', { exact: true }).fill('');
    await rows.first().waitFor();

    await page.getByRole('button', { name: 'Recover failed' }).click();
    await page.getByRole('status').filter({ hasText: /queued again/ }).waitFor();
    await rows.first().click();
    await page.getByTestId('delivery-detail').getByTestId('request-view').waitFor();
    await checkPage(page, 'admin', 'delivery-history');
  });

  test('the delivery history is live by Server-Sent Events: a new delivery and its attempt appear, and nothing polls', async () => {
    const { page } = admin;
    const listed: number[] = [];
    const onRequest = (req: { url(): string }) => {
      if (/\/api\/v1\/webhooks\/[^/]+\/deliveries\?/.test(req.url())) listed.push(Date.now());
    };
    page.on('request', onRequest);
    try {
      await page.goto(`/settings/webhooks/${webhookId}/deliveries`);
      await page.getByTestId('deliveries-live').filter({ hasText: 'Live' }).waitFor();
      const rows = page.locator('table.deliveries tbody tr');
      await rows.first().waitFor();
      const recorded = await herald.api('/api/v1/events', { body: { event: 'update', namespace: 'shop', resource: 'Deployment', name: 'arrives-live' } });
      const id = (await herald.api(`/api/v1/events/${recorded.body.items[0].id}`)).body.deliveries[0].id as string;
      // The receiver answers 503: the attempt recorded after the page loaded shows its status code.
      await page.locator(`tr[data-delivery-id="${id}"] [data-testid="delivery-status-code"]`).filter({ hasText: '503' }).waitFor();
      await checkPage(page, 'admin', 'delivery-history-live');
      // A reload already asked for (changes arrive in batches 250 ms apart) may still be on its way.
      await new Promise((r) => setTimeout(r, 1000));
      const seen = listed.length;
      // Longer than the 3 s the page used to poll at: with nothing changing, nothing is asked.
      await new Promise((r) => setTimeout(r, 4000));
      assert.equal(listed.length, seen, 'no periodic request for the deliveries list');
    } finally {
      page.off('request', onRequest);
    }
  });

  test('the event browser filters, receives new events by SSE, and opens an event with its diff and deliveries', async () => {
    const { page } = admin;
    await page.goto('/events');
    await page.getByTestId('live-state').filter({ hasText: 'Live' }).waitFor();
    await page.getByLabel('Cluster', { exact: true }).fill('prod');
    await page.getByLabel('Kind', { exact: true }).fill('Deployment');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const rows = page.locator('table.events tbody tr');
    await rows.filter({ hasText: 'cart' }).waitFor();
    assert.equal(await rows.filter({ hasText: 'Webhook' }).count(), 0, 'the test events (kind Webhook) are filtered out');

    await herald.api('/api/v1/events', { body: { event: 'update', cluster: 'prod', resource: 'Deployment', name: 'streamed-in' } });
    await herald.api('/api/v1/events', { body: { event: 'update', cluster: 'dev', resource: 'Deployment', name: 'other-cluster' } });
    await rows.filter({ hasText: 'streamed-in' }).waitFor();
    assert.equal(await rows.filter({ hasText: 'other-cluster' }).count(), 0, 'a streamed event outside the filters stays out');
    await checkPage(page, 'admin', 'events');

    await rows.filter({ hasText: 'cart' }).getByRole('link').click();
    await page.getByRole('heading', { name: /Deployment cart/ }).waitFor();
    const diff = page.locator('table.diff tbody tr');
    assert.deepEqual(await diff.first().locator('td').allTextContents(), ['spec.replicas', '2', '4']);
    await page.getByRole('link', { name: 'flaky receiver' }).waitFor();
    await checkPage(page, 'admin', 'event-detail');
  });

  test('delete asks first, and deletes only when confirmed', async () => {
    const { page } = admin;
    const doomed = await herald.api('/api/v1/webhooks', { body: { name: 'doomed', platform: 'custom', url: 'https://example.com/x', enabled: false } });
    await page.goto(`/settings/webhooks/${doomed.body.id}`);
    await page.getByRole('button', { name: 'Delete webhook' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    assert.equal((await herald.api(`/api/v1/webhooks/${doomed.body.id}`)).status, 200, 'Cancel deletes nothing');
    await page.getByRole('button', { name: 'Delete webhook' }).click();
    await checkPage(page, 'admin', 'webhook-delete-confirm');
    await page.getByRole('button', { name: 'Yes, delete doomed' }).click();
    await page.waitForURL(/\/settings\/webhooks$/);
    assert.equal((await herald.api(`/api/v1/webhooks/${doomed.body.id}`)).status, 404);
    await checkPage(page, 'admin', 'webhooks');
  });

  test('an admin adds a user, changes a role, deletes after confirming; a field error names the field', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await page.getByLabel('Username', { exact: true }).fill('temp');
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.locator('#user-password-error').waitFor();
    await page.getByLabel('Password', { exact: true }).fill('temp-password-123');
    await page.getByRole('button', { name: 'Add user' }).click();
    const row = page.locator('tr[data-user="temp"]');
    await row.waitFor();
    await page.getByLabel('Role of temp').selectOption('ops');
    await row.filter({ has: page.locator('option:checked', { hasText: 'ops' }) }).waitFor();
    const users = (await herald.api('/api/v1/users')).body.items as Array<{ name: string; role: string }>;
    assert.equal(users.find((u) => u.name === 'temp')?.role, 'ops');
    await checkPage(page, 'admin', 'users');
    await row.getByRole('button', { name: 'Delete' }).click();
    await row.getByRole('button', { name: 'Yes, delete temp' }).click();
    await row.waitFor({ state: 'detached' });
  });

  test('tokens are shown once at creation, listed by prefix, and revoked after confirming', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.getByLabel('Name', { exact: true }).fill('ci');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = await page.getByLabel('New token').inputValue();
    const who = await fetch(`${herald.url}/api/v1/session`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(who.status, 200, 'the token shown works');
    const row = page.locator('tr[data-token="ci"]');
    await row.waitFor();
    assert.ok(!(await row.textContent() ?? '').includes(token), 'the list shows only its prefix');
    await checkPage(page, 'admin', 'tokens');
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByRole('button', { name: 'Yes, revoke ci' }).click();
    await row.waitFor({ state: 'detached' });
    assert.equal((await fetch(`${herald.url}/api/v1/session`, { headers: { authorization: `Bearer ${token}` } })).status, 401);
  });

  test('the audit log lists changes and narrows by actor and action', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Audit log' }).click();
    const rows = page.locator('table tbody tr');
    await rows.filter({ hasText: 'user.delete' }).waitFor();
    await page.getByLabel('Action', { exact: true }).selectOption('token.create');
    await rows.first().waitFor();
    await rows.filter({ hasText: 'user.delete' }).waitFor({ state: 'detached' });
    for (const t of await rows.locator('td[data-label="Action"]').allTextContents()) assert.equal(t, 'token.create');
    await page.getByLabel('Action', { exact: true }).selectOption('');
    await page.getByLabel('Target', { exact: true }).selectOption('user');
    await page.getByLabel('Actor', { exact: true }).fill(ADMIN.name);
    // Each control change reloads from the server: wait for the page of all three filters, not one in between.
    await page.waitForFunction((actor) => {
      const shown = [...document.querySelectorAll('table tbody tr')];
      return shown.length > 0 && shown.every((r) => r.querySelector('td[data-label="Target"]')?.textContent?.startsWith('user ') === true
        && r.querySelector('td[data-label="Actor"]')?.textContent === actor);
    }, ADMIN.name, { timeout: 15_000 });
    await rows.filter({ hasText: 'user.delete' }).first().waitFor();
    for (const t of await rows.locator('td[data-label="Actor"]').allTextContents()) assert.equal(t, ADMIN.name);
    for (const t of await rows.locator('td[data-label="Target"]').allTextContents()) assert.match(t, /^user /);
    await page.getByLabel('Actor', { exact: true }).fill('nobody-at-all');
    await page.getByText('No entry matches these filters.').waitFor();
    await page.getByLabel('Actor', { exact: true }).fill('');
    await page.getByLabel('Target', { exact: true }).selectOption('');
    await rows.filter({ hasText: 'token.create' }).first().waitFor();
    await checkPage(page, 'admin', 'audit');
  });

  test('ops: audit yes, users no; a viewer sees read-only pages with no users or audit link', async () => {
    ops = await suite.signedIn(OPS);
    assert.equal(await ops.page.getByRole('link', { name: 'Users' }).count(), 0);
    await ops.page.getByRole('link', { name: 'Audit log' }).click();
    await ops.page.locator('table tbody tr').first().waitFor();
    await checkPage(ops.page, 'ops', 'audit');
    await ops.page.goto(`/settings/webhooks/${webhookId}`);
    await ops.page.getByRole('button', { name: 'Delete webhook' }).waitFor();
    await checkPage(ops.page, 'ops', 'webhook-settings');
    await ops.page.goto('/events');
    await ops.page.getByTestId('live-state').filter({ hasText: 'Live' }).waitFor();
    await checkPage(ops.page, 'ops', 'events');

    viewer = await suite.open();
    const { page } = viewer;
    await logIn(page, VIEWER);
    await checkPage(page, 'viewer', 'webhooks');
    assert.equal(await page.getByRole('link', { name: 'Users' }).count(), 0);
    assert.equal(await page.getByRole('link', { name: 'Audit log' }).count(), 0);
    await page.goto(`/settings/webhooks/${webhookId}`);
    await page.getByText('You have read-only access').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Delete webhook' }).count(), 0);
    assert.equal(await page.getByLabel('Retry policy', { exact: true }).isDisabled(), true);
    assert.equal(await page.getByRole('button', { name: 'Add header' }).isDisabled(), true);
    await page.goto(`/settings/webhooks/${webhookId}/deliveries`);
    await page.locator('table.deliveries tbody tr').first().waitFor();
    assert.equal(await page.getByRole('button', { name: 'Recover failed' }).count(), 0);
    await page.goto(`/events/${eventId}`);
    await page.locator('table.diff').waitFor();
    await checkPage(page, 'viewer', 'event-detail');
    await page.goto('/events');
    await page.getByTestId('live-state').filter({ hasText: 'Live' }).waitFor();
    await checkPage(page, 'viewer', 'events');
    await page.goto('/settings/tokens');
    await page.getByRole('heading', { name: 'API tokens' }).waitFor();
    await checkPage(page, 'viewer', 'tokens');
    // A viewer sees a chat webhook's URL masked (the API masks it for viewers).
    await page.goto('/settings/webhooks');
    const chatRow = page.locator('tr', { hasText: 'team chat' });
    await chatRow.waitFor();
    assert.ok(!(await chatRow.textContent() ?? '').includes('xyz'), 'the chat URL\'s secret path is masked');
  });

  test('the profile page changes one\'s own password; the old one stops working', async () => {
    const { page } = viewer!;
    await page.getByRole('link', { name: /vera/ }).click();
    await page.getByRole('heading', { name: 'Your profile' }).waitFor();
    await checkPage(page, 'viewer', 'profile');
    await page.getByLabel('Current password', { exact: true }).fill('wrong-password-000');
    await page.getByLabel('New password', { exact: true }).fill('vera-new-password-1');
    await page.getByLabel('New password again', { exact: true }).fill('vera-new-password-1');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.locator('#pw-current-error').waitFor();
    await page.getByLabel('Current password', { exact: true }).fill(VIEWER.password);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('button', { name: 'Sign in again' }).click();
    await logIn(page, { ...VIEWER, password: 'vera-new-password-1' });
    const old = await herald.api('/api/v1/session', { method: 'POST', body: { username: VIEWER.name, password: VIEWER.password }, token: '' });
    assert.equal(old.status, 401, 'the old password no longer signs in');
  });

  test('the pages ran without script errors or Content-Security-Policy refusals', () => {
    assert.deepEqual(admin.problems, []);
    assert.deepEqual(ops?.problems ?? [], []);
    assert.deepEqual(viewer?.problems ?? [], []);
  });
});
