import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { eventually, type TestHerald } from '../support/herald.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { logIn, type TestUser } from './support/accounts.ts';
import type { BrowserSession } from './support/browser.ts';
import { consoleSuite } from './support/console-suite.ts';
import { checkPage } from './support/page-check.ts';

/**
 * The console in real Chromium against a real Herald (SQLite file) and a real
 * loopback receiver: an admin signs in, creates a webhook, tests it, reads and
 * replays its history and watches events arrive; a viewer can look but not touch.
 * Steps run in order and build on each other.
 */
describe('web console in Chromium', () => {
  const ADMIN: TestUser = { name: 'alice', password: 'alice-password-123', role: 'admin' };
  const VIEWER: TestUser = { name: 'victor', password: 'victor-password-123', role: 'viewer' };
  const OPS: TestUser = { name: 'olga', password: 'olga-password-1234', role: 'ops' };
  const RECEIVER_BODY = '{"received":"by the e2e receiver"}';

  let herald: TestHerald;
  let receiver: Receiver;
  let admin: BrowserSession;
  let viewer: BrowserSession | undefined;
  let ops: BrowserSession | undefined;
  let opsId = '';
  let webhookId = '';

  const suite = consoleSuite([ADMIN, VIEWER, OPS]);
  before(async () => {
    herald = suite.herald;
    receiver = suite.own(await startReceiver(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: RECEIVER_BODY })));
    opsId = suite.id(OPS);
    admin = await suite.open();
  });

  test('the login page refuses a wrong password and signs in with the right one', async () => {
    const { page } = admin;
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in to Herald' }).waitFor();
    await checkPage(page, 'anonymous', 'login');

    await page.getByLabel('Username', { exact: true }).fill(ADMIN.name);
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong username or password.' }).waitFor();

    await logIn(page, ADMIN);
    await page.getByRole('heading', { name: 'Webhooks' }).waitFor();
    assert.equal(await page.getByTestId('role').textContent(), '(admin)');
    await page.getByText('No webhooks yet.').waitFor();
  });

  test('an admin creates a webhook: platforms from the API, a field error from the server, label rows added and removed', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'New webhook' }).click();
    await page.getByRole('heading', { name: 'New webhook' }).waitFor();

    const platforms = (await herald.api('/api/v1/platforms')).body.items as Array<{ id: string; label: string }>;
    const options = await page.getByLabel('Platform', { exact: true }).locator('option').evaluateAll((els) => els.map((o) => ({ id: (o as HTMLOptionElement).value, label: o.textContent })));
    assert.deepEqual(options, platforms.map((p) => ({ id: p.id, label: p.label })), 'the platform choices are what GET /platforms lists');
    await page.getByLabel('Platform', { exact: true }).selectOption('custom');

    await page.getByLabel('Name', { exact: true }).fill('e2e receiver');
    await page.getByLabel('URL', { exact: true }).fill('not a url');
    await page.getByRole('button', { name: 'Create webhook' }).click();
    const urlError = page.locator('#wh-url-error');
    await urlError.waitFor();
    assert.match(await urlError.textContent() ?? '', /http/i, 'the server\'s message for field "url" is shown under the URL input');
    assert.equal(await page.getByLabel('URL', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel('URL', { exact: true }).getAttribute('aria-describedby'), 'wh-url-error');
    await checkPage(page, 'admin', 'new-webhook-url-error');

    await page.getByLabel('URL', { exact: true }).fill(receiver.url);
    assert.equal(await page.getByTestId('secret-state').textContent(), 'not set');
    await page.getByLabel('Signing secret', { exact: true }).fill('e2e-signing-secret-1');
    await page.getByLabel('All event types', { exact: true }).uncheck();
    assert.equal(await page.getByLabel('create', { exact: true }).isChecked(), true, 'narrowing starts from create');
    await page.getByLabel('test', { exact: true }).check();
    await page.getByLabel('Namespaces', { exact: true }).fill('prod-*, default');

    await page.getByRole('button', { name: 'Add label condition' }).click();
    await page.getByRole('button', { name: 'Add label condition' }).click();
    await page.getByLabel('Label key (condition 1)', { exact: true }).fill('tier');
    await page.getByLabel('Values (condition 1)', { exact: true }).fill('frontend');
    await page.getByLabel('Label key (condition 2)', { exact: true }).fill('app');
    await page.getByLabel('Operator (condition 2)', { exact: true }).selectOption('In');
    await page.getByLabel('Values (condition 2)', { exact: true }).fill('web, api');
    await page.getByLabel('Operator (condition 1)', { exact: true }).selectOption('Exists');
    assert.equal(await page.getByLabel('Values (condition 1)', { exact: true }).isDisabled(), true, 'Exists takes no values');
    await page.getByRole('button', { name: 'Remove (condition 1)', exact: true }).click();
    assert.equal(await page.getByTestId('label-row').count(), 1);
    assert.equal(await page.getByLabel('Label key (condition 1)', { exact: true }).inputValue(), 'app', 'the remaining row moved up');
    await checkPage(page, 'admin', 'new-webhook-filled');

    await page.getByRole('button', { name: 'Create webhook' }).click();
    await page.waitForURL(/\/settings\/webhooks\/wh_[^/]+$/);
    webhookId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await page.getByRole('heading', { name: 'e2e receiver' }).waitFor();
    assert.equal(await page.getByTestId('secret-state').textContent(), 'set', 'the secret is shown as set, never as a value');
    assert.equal(await page.getByLabel('New signing secret', { exact: true }).inputValue(), '');

    const saved = (await herald.api(`/api/v1/webhooks/${webhookId}`)).body;
    assert.equal(saved.url, receiver.url);
    assert.equal(saved.platform, 'custom');
    assert.equal(saved.hasSecret, true);
    assert.deepEqual(saved.filters.events, ['create', 'test']);
    assert.deepEqual(saved.filters.namespaces, ['prod-*', 'default']);
    assert.deepEqual(saved.filters.kinds, ['*']);
    assert.deepEqual(saved.filters.labels, [{ key: 'app', operator: 'In', values: ['web', 'api'] }]);
  });

  test('editing keeps the secret unless a new one is typed, and saves with PUT', async () => {
    const { page } = admin;
    await page.getByLabel('Kinds', { exact: true }).fill('Deployment, StatefulSet');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const saved = (await herald.api(`/api/v1/webhooks/${webhookId}`)).body;
    assert.deepEqual(saved.filters.kinds, ['Deployment', 'StatefulSet']);
    assert.equal(saved.hasSecret, true, 'a blank secret field keeps the secret');
    assert.equal(saved.secretRotating, false, 'and does not rotate it');
    assert.deepEqual(saved.filters.labels, [{ key: 'app', operator: 'In', values: ['web', 'api'] }]);
  });

  test('Send test event delivers to the receiver and shows ok, status code and response body', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: 'Send test event' }).click();
    const result = page.getByTestId('test-result');
    await result.waitFor();
    assert.match(await result.textContent() ?? '', /Test delivered/);
    assert.equal(await page.getByTestId('test-status-code').textContent(), '200');
    assert.equal(await page.getByTestId('test-response-body').textContent(), RECEIVER_BODY);
    assert.equal(receiver.requests.length, 1);
    assert.equal(JSON.parse(receiver.requests[0]!.body).event, 'test');
    assert.ok(receiver.requests[0]!.headers['x-herald-signature'], 'signed with the secret typed in the form');
    await checkPage(page, 'admin', 'webhook-tested-ok');
  });

  test('the delivery history lists the delivery with its status code, shows its attempts, and redelivers it', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Delivery history' }).click();
    await page.waitForURL(/\/deliveries$/);
    const rows = page.locator('table.deliveries tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 1);
    assert.equal(await rows.first().getByTestId('delivery-status-code').textContent(), '200');
    assert.match(await rows.first().textContent() ?? '', /succeeded/);

    await rows.first().click();
    const detail = page.getByTestId('delivery-detail');
    await detail.getByTestId('attempt').first().waitFor();
    assert.equal(await detail.getByTestId('attempt').count(), 1);
    assert.equal(await detail.getByTestId('attempt-status-code').first().textContent(), '200');
    assert.match(await detail.textContent() ?? '', /\d+ ms/, 'the attempt shows its duration');
    assert.match(await detail.textContent() ?? '', /by the e2e receiver/, 'and the response body');

    await detail.getByRole('button', { name: 'Redeliver' }).click();
    await receiver.waitFor(2);
    assert.equal(receiver.requests[1]!.headers['webhook-id'], receiver.requests[0]!.headers['webhook-id'], 'a redelivery keeps its webhook-id');
    await eventually(async () => (await detail.getByTestId('attempt').count()) === 2 ? true : undefined);
    assert.deepEqual(await detail.getByTestId('attempt-status-code').allTextContents(), ['200', '200']);
    await checkPage(page, 'admin', 'delivery-history-redelivered');
  });

  test('the events view shows recorded events, newest first, and new ones arrive by Server-Sent Events while open', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Events', exact: true }).click();
    await page.getByRole('heading', { name: 'Events', exact: true }).waitFor();
    await page.getByTestId('live-state').filter({ hasText: 'Live' }).waitFor();
    const rows = page.locator('table.events tbody tr');
    await rows.filter({ hasText: 'Test event from Herald for webhook "e2e receiver"' }).waitFor();

    const matching = await herald.api('/api/v1/events', { body: {
      event: 'create', cluster: 'prod', namespace: 'prod-web', resource: 'Deployment', name: 'web', actor: 'e2e@example.com',
      labels: { app: 'web' }, summary: 'Deployment web created (e2e)',
    } });
    assert.equal(matching.status, 202);
    assert.equal(matching.body.items[0].deliveries, 1, 'the saved filters and label condition match it');
    const other = await herald.api('/api/v1/events', { body: {
      event: 'create', cluster: 'prod', namespace: 'prod-web', resource: 'Deployment', name: 'db', labels: { app: 'db' },
      summary: 'Deployment db created (e2e)',
    } });
    assert.equal(other.body.items[0].deliveries, 0, 'app=db is not In [web, api]');

    await rows.filter({ hasText: 'Deployment db created (e2e)' }).waitFor({ timeout: 8000 });
    const summaries = await page.locator('table.events tbody td.summary').allTextContents();
    assert.deepEqual(summaries.slice(0, 3), [
      'Deployment db created (e2e)', 'Deployment web created (e2e)', 'Test event from Herald for webhook "e2e receiver"',
    ], 'newest first');
    await receiver.waitFor(3);
    await checkPage(page, 'admin', 'live-events');
  });

  test('the webhooks list shows platform, URL, status and last delivery, and the switch turns a webhook off and on', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Webhooks', exact: true }).click();
    const row = page.locator(`tr[data-webhook-id="${webhookId}"]`);
    await row.waitFor();
    const platformLabel = ((await herald.api('/api/v1/platforms')).body.items as Array<{ id: string; label: string }>).find((p) => p.id === 'custom')!.label;
    await row.getByText(platformLabel).waitFor();
    await row.getByText(receiver.url).waitFor();
    await row.getByText('HTTP 200').waitFor();
    await row.getByText('active').waitFor();

    const toggle = page.getByRole('switch', { name: 'Enabled: e2e receiver' });
    assert.equal(await toggle.isChecked(), true);
    await toggle.click();
    await row.getByText('paused').waitFor();
    assert.equal(await toggle.isChecked(), false);
    assert.equal((await herald.api(`/api/v1/webhooks/${webhookId}`)).body.enabled, false);
    await checkPage(page, 'admin', 'webhooks-list-paused');
    await toggle.click();
    await row.getByText('active').waitFor();
    assert.equal((await herald.api(`/api/v1/webhooks/${webhookId}`)).body.enabled, true);
  });

  test('a viewer sees webhooks and history but every change is disabled, and the API answers 403', async () => {
    viewer = await suite.open();
    const { page } = viewer;
    await logIn(page, VIEWER);
    assert.equal(await page.getByTestId('role').textContent(), '(viewer, read-only)');
    await page.locator(`tr[data-webhook-id="${webhookId}"]`).waitFor();
    assert.equal(await page.getByRole('link', { name: 'New webhook' }).count(), 0);
    assert.equal(await page.getByRole('switch', { name: 'Enabled: e2e receiver' }).isDisabled(), true);

    await page.goto(`/settings/webhooks/${webhookId}`);
    await page.getByRole('heading', { name: 'e2e receiver' }).waitFor();
    await page.getByText('You have read-only access').waitFor();
    assert.equal(await page.getByLabel('Name', { exact: true }).isDisabled(), true);
    assert.equal(await page.getByLabel('URL', { exact: true }).isDisabled(), true);
    assert.equal(await page.getByRole('button', { name: 'Add label condition' }).isDisabled(), true);
    assert.equal(await page.getByRole('button', { name: 'Save changes' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Send test event' }).isDisabled(), true);
    await checkPage(page, 'viewer', 'webhook-settings');

    // A deep link is served by the console's fallback, then the history tab loads.
    await page.goto(`/settings/webhooks/${webhookId}/deliveries`);
    await page.locator('table.deliveries tbody tr').first().click();
    await page.getByTestId('delivery-detail').getByTestId('attempt').first().waitFor();
    assert.equal(await page.getByRole('button', { name: 'Redeliver' }).isDisabled(), true);
    await checkPage(page, 'viewer', 'delivery-history');

    // The same calls made with the viewer's session cookie are refused by the server.
    const deliveryId = (await herald.api(`/api/v1/webhooks/${webhookId}/deliveries`)).body.items[0].id as string;
    const answers = await page.evaluate(async ({ id, deliveryId }) => {
      const call = async (method: string, path: string, body?: unknown) => {
        const r = await fetch(`/api/v1${path}`, {
          method, credentials: 'same-origin',
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: r.status, code: ((await r.json()) as { error?: { code: string } }).error?.code };
      };
      return [
        await call('PUT', `/webhooks/${id}`, { enabled: false }),
        await call('POST', `/webhooks/${id}/test`),
        await call('POST', `/deliveries/${deliveryId}/redeliver`),
        await call('POST', '/webhooks', { name: 'nope', url: 'http://127.0.0.1:1/x' }),
      ];
    }, { id: webhookId, deliveryId });
    for (const a of answers) assert.deepEqual(a, { status: 403, code: 'FORBIDDEN' });
    assert.equal((await herald.api(`/api/v1/webhooks/${webhookId}`)).body.enabled, true);
  });

  test('when a role is lowered while a page is open, the server\'s 403 is shown and the page turns read-only', async () => {
    ops = await suite.open();
    const { page } = ops;
    await logIn(page, OPS);
    await page.goto(`/settings/webhooks/${webhookId}`);
    const testButton = page.getByRole('button', { name: 'Send test event' });
    assert.equal(await testButton.isEnabled(), true, 'ops may test');

    const demoted = await herald.api(`/api/v1/users/${opsId}`, { method: 'PUT', body: { role: 'viewer' } });
    assert.equal(demoted.status, 200);
    const before = receiver.requests.length;
    await testButton.click();
    const alert = page.getByRole('alert').filter({ hasText: 'Not allowed' });
    await alert.waitFor();
    assert.match(await alert.textContent() ?? '', /role "viewer" may not do this/);

    assert.equal(receiver.requests.length, before, 'nothing was sent');

    // The console then re-reads the session and switches to read-only.
    await page.getByTestId('role').filter({ hasText: '(viewer, read-only)' }).waitFor();
    assert.equal(await testButton.isDisabled(), true);
    assert.equal(await page.getByRole('switch', { name: 'Enabled: e2e receiver' }).isDisabled(), true);
    assert.equal(await page.getByRole('button', { name: 'Save changes' }).count(), 0);
    await checkPage(page, 'ops', 'demoted-403');
  });

  test('signing out ends the session', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Herald' }).waitFor();
    const status = await page.evaluate(async () => (await fetch('/api/v1/session', { credentials: 'same-origin' })).status);
    assert.equal(status, 401);
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to Herald' }).waitFor();
  });

  test('the pages ran without script errors or Content-Security-Policy refusals', () => {
    assert.deepEqual(admin.problems, []);
    assert.deepEqual(viewer?.problems ?? [], []);
    assert.deepEqual(ops?.problems ?? [], []);
  });
});
