import assert from 'node:assert/strict';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startTestHerald, type TestHerald } from '../support/herald.ts';
import { selfSignedCert } from '../support/tls-cert.ts';

describe('TLS to receivers, and serving TLS', () => {
  const tls = selfSignedCert();
  let herald: TestHerald;
  let url: string;
  let hits = 0;
  const server = createServer({ cert: tls.cert, key: tls.key }, (_req, res) => { hits++; res.end('ok'); });
  before(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    herald = await startTestHerald();
  });
  after(async () => {
    await herald.close();
    server.closeAllConnections();
    server.close();
  });

  const testWith = async (name: string, tlsOptions: object) => {
    const wh = await herald.api('/api/v1/webhooks', { body: { name, url, tls: tlsOptions } });
    assert.equal(wh.status, 201, JSON.stringify(wh.body));
    return (await herald.api(`/api/v1/webhooks/${wh.body.id}/test`, { method: 'POST' })).body;
  };

  it('refuses a certificate it cannot verify', async () => {
    const before = hits;
    const r = await testWith('untrusted', {});
    assert.equal(r.ok, false);
    assert.match(r.attempt.error, /SELF_SIGNED|self.signed|certificate/i);
    assert.equal(hits, before);
  });

  it('trusts a custom CA given for the webhook', async () => {
    const r = await testWith('custom-ca', { caCert: tls.cert });
    assert.equal(r.ok, true, JSON.stringify(r));
  });

  it('accepts any certificate only when told to skip verification', async () => {
    const r = await testWith('skip-verify', { insecureSkipVerify: true });
    assert.equal(r.ok, true, JSON.stringify(r));
  });

  it('serves HTTPS itself with a given certificate and key', async () => {
    const secure = await startTestHerald({ server: { host: '127.0.0.1', port: 0, bodyLimitBytes: 1 << 20, tls: { certFile: tls.certFile, keyFile: tls.keyFile } } });
    try {
      assert.match(secure.url, /^https:/);
      const { request } = await import('undici');
      const { Agent } = await import('undici');
      const res = await request(`${secure.url}/healthz`, { dispatcher: new Agent({ connect: { ca: tls.cert } }) });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(await res.body.json(), { status: 'ok' });
    } finally {
      await secure.close();
    }
  });
});
