import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import pino from 'pino';
import { loadConfig } from '../../src/config/load-config.ts';
import { startHerald } from '../../src/herald.ts';
import { tempDir } from '../support/temp-dir.ts';

const dir = () => tempDir('config');
const write = (d: string, text: string) => {
  const file = join(d, 'herald.yaml');
  writeFileSync(file, text);
  return file;
};

describe('configuration', () => {
  it('reads the file, then lets HERALD_* variables override it', () => {
    const file = write(dir(), 'server:\n  port: 9000\ndelivery:\n  allowedNetworks: [10.0.0.0/8]\n');
    const c = loadConfig({ file, env: { HERALD_PORT: '9100', HERALD_CLUSTER: 'prod-eu' } });
    assert.equal(c.server.port, 9100);
    assert.deepEqual(c.delivery.allowedNetworks, ['10.0.0.0/8']);
    assert.equal(c.kubernetes.cluster, 'prod-eu');
    assert.equal(c.delivery.maxInFlight, 128, 'defaults fill the rest');
  });

  it('reads auth.signIn limits, with defaults of 5 per user and 20 per address in 15 minutes', () => {
    const defaults = loadConfig({ file: write(dir(), 'log:\n  level: info\n'), env: {} });
    assert.deepEqual(defaults.auth.signIn, { maxFailuresPerUser: 5, maxFailuresPerAddress: 20, windowMinutes: 15 });
    const set = loadConfig({ file: write(dir(), 'auth:\n  signIn:\n    maxFailuresPerUser: 3\n'), env: {} });
    assert.deepEqual(set.auth.signIn, { maxFailuresPerUser: 3, maxFailuresPerAddress: 20, windowMinutes: 15 });
    const bad = write(dir(), 'auth:\n  signIn:\n    windowMinutes: 0\n');
    assert.throws(() => loadConfig({ file: bad, env: {} }), (e: any) => e.code === 'CONFIG_INVALID' && e.field === 'auth.signIn.windowMinutes');
  });

  it('names the setting at fault', () => {
    const file = write(dir(), 'delivery:\n  maxInFlight: lots\n');
    assert.throws(() => loadConfig({ file, env: {} }), (e: any) => e.code === 'CONFIG_INVALID' && e.field === 'delivery.maxInFlight');
    assert.throws(() => loadConfig({ file: '/nonexistent/herald.yaml', env: {} }), /cannot read the config file/);
    assert.throws(() => loadConfig({ file: write(dir(), 'server: [\n'), env: {} }), /not valid YAML/);
  });

  it('fills ${VARIABLES} from the environment and refuses missing ones', () => {
    const file = write(dir(), 'webhooks:\n  - name: ops\n    url: https://example.com/x\n    secret: ${OPS_SECRET}\n');
    assert.equal(loadConfig({ file, env: { OPS_SECRET: 'from-the-environment' } }).webhooks[0]!.secret, 'from-the-environment');
    assert.throws(() => loadConfig({ file, env: {} }), (e: any) => e.code === 'CONFIG_INVALID' && /OPS_SECRET/.test(e.message) && e.field === 'webhooks.0.secret');
  });

  it('upserts webhooks declared in the file by name at start-up', async () => {
    const d = dir();
    const start = async (url: string) => {
      const file = write(d, `dataDir: ${d}\nserver: { port: 0 }\nauth: { adminToken: config-test-admin-token }\nwebhooks:\n  - name: declared\n    platform: slack\n    url: ${url}\n    filters: { namespaces: [prod] }\n`);
      return startHerald(loadConfig({ file, env: {} }), { logger: pino({ level: 'silent' }) });
    };
    let herald = await start('https://hooks.slack.com/services/A');
    const first = await herald.store.listWebhooks();
    assert.deepEqual(first.map((w) => [w.name, w.platform, w.url, w.filters.namespaces]), [['declared', 'slack', 'https://hooks.slack.com/services/A', ['prod']]]);
    await herald.stop();
    herald = await start('https://hooks.slack.com/services/B');
    const second = await herald.store.listWebhooks();
    assert.equal(second.length, 1);
    assert.equal(second[0]!.id, first[0]!.id, 'same webhook, updated in place');
    assert.equal(second[0]!.url, 'https://hooks.slack.com/services/B');
    await herald.stop();
  });

  it('refuses a declared webhook with an unknown platform when the file is loaded, before anything is opened', () => {
    const d = dir();
    const file = write(d, `dataDir: ${d}\nserver: { port: 0 }\nwebhooks:\n  - name: x\n    platform: pager\n    url: https://example.com/x\n`);
    assert.throws(() => loadConfig({ file, env: {} }), (e: any) => e.code === 'CONFIG_INVALID' && e.field === 'webhooks.0.platform' && /unknown platform "pager"/.test(e.message));
  });

  it('checks a declared webhook\'s platformOptions and credential against its platform when the file is loaded', () => {
    const d = dir();
    const tg = write(d, `dataDir: ${d}\nserver: { port: 0 }\nwebhooks:\n  - name: tg\n    platform: telegram\n    url: https://api.telegram.org/bot1:x/sendMessage\n`);
    assert.throws(() => loadConfig({ file: tg, env: {} }), (e: any) => e.code === 'CONFIG_INVALID' && e.field === 'webhooks.0.platformOptions.chatId');
    const pd = write(d, `dataDir: ${d}\nserver: { port: 0 }\nwebhooks:\n  - name: pd\n    platform: pagerduty\n    url: https://events.pagerduty.com/v2/enqueue\n`);
    assert.throws(() => loadConfig({ file: pd, env: {} }), (e: any) => e.code === 'CONFIG_INVALID' && e.field === 'webhooks.0.secret' && /routing key/.test(e.message));
    const ok = write(d, `dataDir: ${d}\nserver: { port: 0 }\nwebhooks:\n  - name: tg\n    platform: telegram\n    url: https://api.telegram.org/bot1:x/sendMessage\n    platformOptions: { chatId: "-1001234567890" }\n`);
    assert.deepEqual(loadConfig({ file: ok, env: {} }).webhooks[0]!.platformOptions, { chatId: '-1001234567890' });
  });
});
