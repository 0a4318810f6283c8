import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { TestHerald } from '../support/herald.ts';
import type { TestUser } from './support/accounts.ts';
import type { BrowserSession } from './support/browser.ts';
import { consoleSuite } from './support/console-suite.ts';
import { checkPage } from './support/page-check.ts';

/**
 * The form's platform-driven fields (from GET /api/v1/platforms), grouping and
 * send rate, in Chromium against a real Herald, checked by what the API stored.
 */
describe('console platform options, grouping and rate', () => {
  const ADMIN: TestUser = { name: 'gail', password: 'gail-password-12345', role: 'admin' };
  let herald: TestHerald;
  let admin: BrowserSession;

  const suite = consoleSuite([ADMIN]);
  before(async () => {
    herald = suite.herald;
    admin = await suite.signedIn(ADMIN);
  });

  const savedId = async (): Promise<string> => {
    await admin.page.waitForURL(/\/settings\/webhooks\/wh_[^/]+$/);
    return decodeURIComponent(new URL(admin.page.url()).pathname.split('/').pop()!);
  };

  test('a Telegram webhook: a bad chat id is shown under its input, a good one is stored', async () => {
    const { page } = admin;
    await page.goto('/settings/webhooks/new');
    await page.getByLabel('Platform', { exact: true }).selectOption('telegram');
    await page.getByLabel('Name', { exact: true }).fill('ops chat');
    await page.getByLabel('URL', { exact: true }).fill('http://127.0.0.1:9/bot123456:ABC/sendMessage');
    await page.getByLabel('Chat Id', { exact: true }).fill('not a chat');
    await page.getByRole('button', { name: 'Create webhook' }).click();
    const error = page.locator('#wh-opt-chatId-error');
    await error.waitFor();
    assert.match(await error.innerText(), /numeric chat id or @channelusername/);
    assert.equal(await page.getByLabel('Chat Id', { exact: true }).getAttribute('aria-invalid'), 'true');

    await page.getByLabel('Chat Id', { exact: true }).fill('-1001234567890');
    await page.getByLabel('Disable Notification (optional)', { exact: true }).selectOption('true');
    await checkPage(page, 'admin', 'webhook-new-telegram');
    await page.getByRole('button', { name: 'Create webhook' }).click();
    const id = await savedId();
    const saved = (await herald.api(`/api/v1/webhooks/${id}`)).body;
    assert.deepEqual(saved.platformOptions, { chatId: '-1001234567890', disableNotification: true });
    assert.equal(saved.grouping, undefined, 'grouping left to the platform default');
    assert.equal(saved.ratePerMinute, undefined, 'rate left to the platform default');

    // An edit that changes only the thread id sends the options; the chat id shows back as stored.
    assert.equal(await page.getByLabel('Chat Id', { exact: true }).inputValue(), '-1001234567890');
    await page.getByLabel('Message Thread Id (optional)', { exact: true }).fill('7');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const edited = (await herald.api(`/api/v1/webhooks/${id}`)).body;
    assert.deepEqual(edited.platformOptions, { chatId: '-1001234567890', messageThreadId: 7, disableNotification: true });
  });

  test('a Slack webhook with grouping and a rate; blanking the rate goes back to the platform default', async () => {
    const { page } = admin;
    await page.goto('/settings/webhooks/new');
    await page.getByLabel('Platform', { exact: true }).selectOption('slack');
    assert.equal(await page.getByLabel('Chat Id', { exact: true }).count(), 0, 'Telegram\'s field is not shown for Slack');
    await page.getByLabel('Name', { exact: true }).fill('slack burst');
    await page.getByLabel('URL', { exact: true }).fill('http://127.0.0.1:9/services/T0/B0/x');
    await page.getByLabel('Grouping', { exact: true }).selectOption('on');
    await page.getByRole('group', { name: 'Group by' }).getByLabel('namespace', { exact: true }).check();
    await page.getByLabel('Wait (s)', { exact: true }).fill('30');
    await page.getByLabel('Interval (s)', { exact: true }).fill('300');
    await page.getByLabel('Events per message', { exact: true }).fill('20');
    await page.getByLabel('Rate (requests per minute)', { exact: true }).fill('0');
    await page.getByRole('button', { name: 'Create webhook' }).click();
    const error = page.locator('#wh-rate-error');
    await error.waitFor();
    assert.ok((await error.innerText()).length > 0, 'the rate error is shown under the rate input');

    await page.getByLabel('Rate (requests per minute)', { exact: true }).fill('30');
    await checkPage(page, 'admin', 'webhook-new-grouping');
    await page.getByRole('button', { name: 'Create webhook' }).click();
    const id = await savedId();
    const saved = (await herald.api(`/api/v1/webhooks/${id}`)).body;
    assert.deepEqual(saved.grouping, { enabled: true, by: ['cluster', 'namespace'], waitSeconds: 30, intervalSeconds: 300, maxEvents: 20 });
    assert.equal(saved.ratePerMinute, 30);

    await page.getByLabel('Rate (requests per minute)', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const edited = (await herald.api(`/api/v1/webhooks/${id}`)).body;
    assert.equal(edited.ratePerMinute, undefined);
    assert.deepEqual(edited.grouping, saved.grouping, 'an edit that leaves grouping alone keeps it');
  });
});
