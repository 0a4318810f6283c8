import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { HttpSender, type SendRequest } from '../../src/delivery/http-sender.ts';
import { SsrfGuard } from '../../src/delivery/ssrf-guard.ts';

/** HttpSender against a loopback server scripted per path. */
describe('HttpSender', () => {
  let server: Server;
  let origin: string;
  const paths: string[] = [];
  const sender = new HttpSender(new SsrfGuard({ allowedNetworks: ['127.0.0.1/32'] }));

  before(async () => {
    server = createServer((req, res) => {
      paths.push(req.url ?? '');
      req.resume();
      req.on('end', () => {
        if (req.url === '/big') { res.end('x'.repeat(200 * 1024)); return; }
        if (req.url === '/repeated') { res.setHeader('x-many', ['a', 'b']); res.end('ok'); return; }
        if (req.url === '/processing') { res.writeProcessing(); res.statusCode = 201; res.end('made'); return; }
        if (req.url === '/redirect') { res.writeHead(302, { location: '/elsewhere' }); res.end(); return; }
        if (req.url === '/trickle') {
          // Each chunk well inside the body timeout: only a deadline over the whole exchange ends it.
          res.writeHead(200);
          const tick = setInterval(() => res.write('.'), 50);
          res.on('close', () => clearInterval(tick));
          return;
        }
        res.end(`at ${req.url}`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await sender.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const request = (url: string, timeoutMs = 5000): SendRequest => ({
    transport: 'http', url, messageId: 'dlv_1', auth: { type: 'none' }, headers: { 'content-type': 'application/json' },
    body: '{}', timeoutMs, tls: { insecureSkipVerify: false }, poolKey: 'wh_1',
  });

  it('keeps only the first 64 KiB of a large answer', async () => {
    const result = await sender.send(request(`${origin}/big`));
    assert.ok(result.ok && 'response' in result);
    assert.equal(result.response.statusCode, 200);
    assert.equal(result.response.body.length, 64 * 1024);
  });

  it('joins a repeated response header with ", "', async () => {
    const result = await sender.send(request(`${origin}/repeated`));
    assert.ok(result.ok && 'response' in result);
    assert.equal(result.response.headers['x-many'], 'a, b');
  });

  it('answers with the final status, not an interim 1xx', async () => {
    const result = await sender.send(request(`${origin}/processing`));
    assert.ok(result.ok && 'response' in result);
    assert.equal(result.response.statusCode, 201);
    assert.equal(result.response.body, 'made');
  });

  it('does not follow a redirect', async () => {
    const result = await sender.send(request(`${origin}/redirect`));
    assert.ok(result.ok && 'response' in result);
    assert.equal(result.response.statusCode, 302);
    assert.equal(paths.includes('/elsewhere'), false);
  });

  it('sends to the URL of each request even when the pool is the same (query included)', async () => {
    const a = await sender.send(request(`${origin}/a?x=1`));
    const b = await sender.send(request(`${origin}/b`));
    assert.ok(a.ok && 'response' in a && b.ok && 'response' in b);
    assert.equal(a.response.body, 'at /a?x=1');
    assert.equal(b.response.body, 'at /b');
  });

  it('ends an answer that keeps trickling once the timeout has passed', async () => {
    const result = await sender.send(request(`${origin}/trickle`, 300));
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.equal(result.timedOut, true);
    assert.equal(result.error, 'timed out after 300 ms');
  });

  it('refuses a blocked IP literal before connecting, for good', async () => {
    const result = await sender.send({ ...request('http://10.0.0.1/hook'), poolKey: 'wh_2' });
    assert.ok(!result.ok);
    assert.equal(result.permanent, true);
    assert.match(result.error, /private, loopback/);
  });

  it('refuses a URL that is not http(s), for good', async () => {
    const result = await sender.send({ ...request('ftp://127.0.0.1/x'), poolKey: 'wh_3' });
    assert.ok(!result.ok);
    assert.equal(result.permanent, true);
    assert.match(result.error, /not http: or https:/);
  });
});
