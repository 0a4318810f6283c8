import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startLoopback, type Loopback } from '../platforms/loopback.ts';
import { TELEGRAM_CHAT_ID } from '../platforms/receivers-chat.ts';
import { OPSGENIE_API_KEY, PAGERDUTY_ROUTING_KEY } from '../platforms/receivers-paging.ts';
import { PATHS, RECEIVERS } from '../platforms/receivers.ts';
import { eventually, startTestHerald, type TestHerald } from '../support/herald.ts';

/** The new destinations through the whole stack: typed fields, sealed credentials, real events to receivers that check like the platform. */
describe('chat and paging destinations through the API', () => {
  let herald: TestHerald;
  const loopbacks: Loopback[] = [];
  const loopback = async (platform: string): Promise<Loopback> => {
    const l = await startLoopback(RECEIVERS[platform]!);
    loopbacks.push(l);
    return l;
  };
  before(async () => { herald = await startTestHerald(); });
  after(async () => {
    await herald.close();
    await Promise.all(loopbacks.map((l) => l.close()));
  });

  it('lists each platform\'s fields for the console form, credentials marked secret', async () => {
    const res = await herald.api('/api/v1/platforms');
    const byId = new Map((res.body.items as Array<{ id: string; fields: Array<Record<string, unknown>> }>).map((p) => [p.id, p]));
    for (const p of byId.values()) assert.equal(p.fields[0]!.name, 'url', `${p.id} starts with its URL`);
    const chatId = byId.get('telegram')!.fields.find((f) => f.name === 'platformOptions.chatId');
    assert.equal(chatId?.required, true);
    assert.equal(chatId?.type, 'string-or-integer');
    const routingKey = byId.get('pagerduty')!.fields.find((f) => f.name === 'secret');
    assert.deepEqual([routingKey?.label, routingKey?.required, routingKey?.secret], ['Routing key', true, true]);
    const priority = byId.get('opsgenie')!.fields.find((f) => f.name === 'platformOptions.priority');
    assert.deepEqual(priority?.values, ['P1', 'P2', 'P3', 'P4', 'P5']);
    assert.equal(byId.get('custom')!.fields.find((f) => f.name === 'secret')?.label, 'Signing secret');
    assert.deepEqual((byId.get('pagerduty') as unknown as { rate: unknown }).rate, { requests: 120, perSeconds: 60, per: 'routing key' });
  });

  it('documents platformOptions and the platform list in the OpenAPI document', async () => {
    const doc = await herald.api('/api/v1/openapi.json');
    assert.ok(doc.body.paths['/api/v1/platforms']?.get, 'GET /api/v1/platforms is documented');
    assert.match(JSON.stringify(doc.body), /platformOptions/);
  });

  it('refuses a webhook that does not give its platform what it needs, naming the field', async () => {
    const url = 'http://127.0.0.1:9/bot1:x/sendMessage';
    const cases: Array<[unknown, string]> = [
      [{ name: 'tg-no-chat', platform: 'telegram', url }, 'platformOptions.chatId'],
      [{ name: 'tg-bad-chat', platform: 'telegram', url, platformOptions: { chatId: 'general' } }, 'platformOptions.chatId'],
      [{ name: 'tg-typo', platform: 'telegram', url, platformOptions: { chatId: TELEGRAM_CHAT_ID, chatID: 1 } }, 'platformOptions.chatID'],
      [{ name: 'pd-no-key', platform: 'pagerduty', url: 'http://127.0.0.1:9/v2/enqueue' }, 'secret'],
      [{ name: 'og-bad-priority', platform: 'opsgenie', url: 'http://127.0.0.1:9/v2/alerts', secret: OPSGENIE_API_KEY, platformOptions: { priority: 'P9' } }, 'platformOptions.priority'],
      [{ name: 'slack-options', platform: 'slack', url: 'http://127.0.0.1:9/x', platformOptions: { channel: '#x' } }, 'platformOptions.channel'],
    ];
    for (const [body, field] of cases) {
      const res = await herald.api('/api/v1/webhooks', { body });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'VALIDATION');
      assert.equal(res.body.error.field, field, JSON.stringify(res.body));
    }
    const created = await herald.api('/api/v1/webhooks', { body: { name: 'tg-ok', platform: 'telegram', url, platformOptions: { chatId: TELEGRAM_CHAT_ID } } });
    assert.equal(created.status, 201);
    const cleared = await herald.api(`/api/v1/webhooks/${created.body.id}`, { method: 'PUT', body: { platformOptions: {} } });
    assert.equal(cleared.status, 400, 'a PUT is checked against the merged webhook');
    assert.equal(cleared.body.error.field, 'platformOptions.chatId');
    const kept = await herald.api(`/api/v1/webhooks/${created.body.id}`, { method: 'PUT', body: { name: 'tg-renamed' } });
    assert.equal(kept.status, 200);
    assert.deepEqual(kept.body.platformOptions, { chatId: TELEGRAM_CHAT_ID });
  });

  it('keeps routing keys and API keys write-only and sealed in the store', async () => {
    const created = await herald.api('/api/v1/webhooks', {
      body: { name: 'pd-sealed', platform: 'pagerduty', url: 'http://127.0.0.1:9/v2/enqueue', secret: PAGERDUTY_ROUTING_KEY },
    });
    assert.equal(created.status, 201);
    const shown = await herald.api(`/api/v1/webhooks/${created.body.id}`);
    assert.equal(shown.body.hasSecret, true);
    assert.ok(!JSON.stringify(shown.body).includes(PAGERDUTY_ROUTING_KEY), 'the API never shows the routing key');
    const files = readdirSync(herald.dataDir).filter((f) => f.endsWith('.db') || f.endsWith('-wal'));
    assert.ok(files.length > 0, 'found the SQLite files');
    for (const f of files) assert.ok(!readFileSync(join(herald.dataDir, f)).includes(PAGERDUTY_ROUTING_KEY), `${f} holds the routing key in clear`);
  });

  it('delivers an event to every chat platform, each receiver finding nothing wrong with hostile text', async () => {
    const chats = ['mattermost', 'googlechat', 'telegram', 'rocketchat'];
    const receivers = new Map<string, Loopback>();
    for (const platform of chats) {
      const l = await loopback(platform);
      receivers.set(platform, l);
      const res = await herald.api('/api/v1/webhooks', {
        body: {
          name: `chat-${platform}`, platform, url: l.base + PATHS[platform], filters: { namespaces: ['chat-ns'] },
          platformOptions: platform === 'telegram' ? { chatId: TELEGRAM_CHAT_ID } : {},
        },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    const hostile = '</code><b>x</b> &amp; <a href="javascript:1">@channel</a> 1 < 2';
    const posted = await herald.api('/api/v1/events', {
      body: { event: 'update', namespace: 'chat-ns', resource: 'ConfigMap', name: 'cfg', actor: hostile, summary: hostile, detail: { field: 'data.k', old: hostile, new: 'ok' } },
    });
    assert.ok(posted.status < 300, JSON.stringify(posted.body));
    for (const [platform, l] of receivers) {
      await eventually(() => (l.seen.length > 0 ? true : undefined));
      assert.deepEqual(l.seen.map((s) => s.verdict.problems), [[]], `${platform} receiver`);
    }
  });

  it('closes the PagerDuty incident and the Opsgenie alert that an alert opened', async () => {
    const pd = await loopback('pagerduty');
    const og = await loopback('opsgenie');
    for (const [platform, l, secret] of [['pagerduty', pd, PAGERDUTY_ROUTING_KEY], ['opsgenie', og, OPSGENIE_API_KEY]] as const) {
      const res = await herald.api('/api/v1/webhooks', {
        body: { name: `page-${platform}`, platform, url: l.base + PATHS[platform], secret, filters: { events: ['alert', 'resolved'] } },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    const alert = { source: 'api', namespace: 'pay', resource: 'Pod', name: 'api-1', summary: 'crash looping', labels: { severity: 'critical' } };
    await herald.api('/api/v1/events', { body: { ...alert, event: 'alert' } });
    await eventually(() => (pd.seen.length >= 1 && og.seen.length >= 1 ? true : undefined));
    await herald.api('/api/v1/events', { body: { ...alert, event: 'resolved', summary: 'recovered' } });
    await eventually(() => (pd.seen.length >= 2 && og.seen.length >= 2 ? true : undefined));

    const [trigger, resolve] = pd.seen.map((s) => JSON.parse(s.body) as { event_action: string; dedup_key: string; payload?: { severity: string } });
    assert.deepEqual([trigger!.event_action, resolve!.event_action], ['trigger', 'resolve']);
    assert.equal(resolve!.dedup_key, trigger!.dedup_key, 'the resolve names the incident the trigger opened');
    assert.equal(trigger!.payload!.severity, 'critical');
    assert.deepEqual(pd.seen.map((s) => s.verdict.problems), [[], []]);

    const alias = (JSON.parse(og.seen[0]!.body) as { alias: string }).alias;
    assert.equal(og.seen[0]!.url, '/v2/alerts');
    assert.equal(og.seen[1]!.url, `/v2/alerts/${encodeURIComponent(alias)}/close?identifierType=alias`);
    assert.deepEqual(og.seen.map((s) => s.verdict.problems), [[], []]);
  });

  it('reads each platform\'s error answer into the delivery history', async () => {
    const tg = await loopback('telegram');
    const wrongChat = await herald.api('/api/v1/webhooks', {
      body: { name: 'tg-wrong-chat', platform: 'telegram', url: tg.base + PATHS.telegram, platformOptions: { chatId: '-100999' } },
    });
    const tgTest = await herald.api(`/api/v1/webhooks/${wrongChat.body.id}/test`, { method: 'POST' });
    assert.equal(tgTest.body.ok, false);
    assert.equal(tgTest.body.attempt.statusCode, 400);
    assert.match(tgTest.body.attempt.error, /chat not found/);

    const pd = await loopback('pagerduty');
    const wrongKey = await herald.api('/api/v1/webhooks', {
      body: { name: 'pd-short-key', platform: 'pagerduty', url: pd.base + PATHS.pagerduty, secret: 'too-short-key' },
    });
    const pdTest = await herald.api(`/api/v1/webhooks/${wrongKey.body.id}/test`, { method: 'POST' });
    assert.equal(pdTest.body.ok, false);
    assert.match(pdTest.body.attempt.error, /Length of 'routing_key' is incorrect/);

    const og = await loopback('opsgenie');
    const wrongApiKey = await herald.api('/api/v1/webhooks', {
      body: { name: 'og-wrong-key', platform: 'opsgenie', url: og.base + PATHS.opsgenie, secret: 'not-the-api-key' },
    });
    const ogTest = await herald.api(`/api/v1/webhooks/${wrongApiKey.body.id}/test`, { method: 'POST' });
    assert.equal(ogTest.body.attempt.statusCode, 401);
    assert.match(ogTest.body.attempt.error, /Could not authenticate/);
  });
});
