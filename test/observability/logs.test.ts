import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from '../../src/observability/logger.ts';
import { kill, spawnHerald } from '../support/herald-process.ts';
import { eventually } from '../support/herald.ts';
import { startReceiver } from '../support/receiver.ts';
import { tempDir } from '../support/temp-dir.ts';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('the logger', () => {
  it('writes ISO timestamps and redacts credentials wherever a log call puts them', () => {
    const lines: any[] = [];
    const logger = createLogger('info', { write: (s: string) => { lines.push(JSON.parse(s)); } });
    logger.info({
      req: { headers: { authorization: 'Bearer tok-1', cookie: 'herald_session=s-2' } },
      headers: { authorization: 'Basic b-3', 'x-api-key': 'k-4' },
      webhook: { secret: 'whsec_5', auth: { password: 'p-6', token: 't-7' }, secretHeaders: { 'x-key': 'h-8' } },
      token: 't-9', password: 'p-10',
    }, 'a careless line');
    const line = lines[0]!;
    assert.match(line.time, ISO);
    assert.equal(line.service, 'herald');
    const text = JSON.stringify(line);
    for (const secret of ['tok-1', 's-2', 'b-3', 'k-4', 'whsec_5', 'p-6', 't-7', 'h-8', 't-9', 'p-10']) {
      assert.ok(!text.includes(secret), `${secret} is redacted in ${text}`);
    }
    assert.equal(line.req.headers.authorization, '[redacted]');
  });
});

describe('herald serve logs what an operator needs', () => {
  it('one warn line per failed delivery attempt and per refused sign-in, ISO times, no secret anywhere', async () => {
    const dataDir = tempDir('logs');
    const adminToken = 'log-test-admin-token-0123456789abcdef';
    const receiver = await startReceiver(() => ({ status: 503 }));
    const p = await spawnHerald({
      HERALD_DATA_DIR: dataDir, HERALD_CONFIG: '', HERALD_ADMIN_TOKEN: adminToken, HERALD_ALLOWED_NETWORKS: '127.0.0.0/8',
    });
    const api = async (path: string, body: unknown, headers: Record<string, string> = { authorization: `Bearer ${adminToken}` }) => {
      const res = await fetch(`${p.url}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      return { status: res.status, body: await res.json() as any };
    };
    const logs = () => p.output.flatMap((chunk) => chunk.split('\n')).filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    try {
      const webhook = await api('/webhooks', {
        name: 'failing', url: receiver.url, secret: 'whsec_log_test_secret_value', auth: { type: 'bearer', token: 'receiver-bearer-token-xyz' },
        retry: { policy: 'kubevision' },
      });
      assert.equal(webhook.status, 201, JSON.stringify(webhook.body));
      const event = await api('/events', { event: 'create', namespace: 'prod', resource: 'Deployment', name: 'api' });
      assert.equal(event.status, 202, JSON.stringify(event.body));
      const failed = await eventually(() => logs().find((l) => l.msg === 'delivery attempt failed'), 20_000);
      assert.equal(failed.level, 40, 'warn');
      assert.equal(failed.webhook, webhook.body.id);
      assert.match(failed.delivery, /\S/);
      assert.equal(failed.attempt, 1);
      assert.equal(failed.reason, 'HTTP 503');
      assert.equal(failed.outcome, 'retry');
      assert.match(failed.time, ISO);

      const refused = await api('/session', { username: 'admin', password: 'not-the-password-guess' }, {});
      assert.equal(refused.status, 401);
      const line = await eventually(() => logs().find((l) => l.msg === 'sign-in refused'));
      assert.equal(line.level, 40);
      assert.equal(line.user, 'admin');
      assert.equal(line.reason, 'wrong password');
      assert.match(line.address, /127\.0\.0\.1/);

      await api('/session', { username: 'typed-a-password-here', password: 'x' }, {});
      const unknown = await eventually(() => logs().find((l) => l.msg === 'sign-in refused' && l.reason === 'no such user'));
      assert.equal(unknown.user, null, 'an unknown name is not logged: it may be a password');

      const all = p.output.join('\n');
      for (const secret of [adminToken, 'whsec_log_test_secret_value', 'receiver-bearer-token-xyz', 'not-the-password-guess', 'typed-a-password-here']) {
        assert.ok(!all.includes(secret), `the log does not contain ${secret}`);
      }
      for (const l of logs()) assert.match(l.time, ISO, JSON.stringify(l));
    } finally {
      await kill(p, 'SIGTERM');
      await receiver.close();
    }
  });
});
