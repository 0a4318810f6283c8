import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Hono } from 'hono';
import { CONSOLE_DIST_DIR, createConsoleApp } from '../../src/web/console-app.ts';
import { ADMIN_TOKEN, startTestHerald, type TestHerald } from '../support/herald.ts';

/** How the console's files are served, and that mounting it at '/' takes nothing from the API or the sources. */
describe('console app: files, SPA fallback, not-built page', () => {
  let dist: string;
  const INDEX = '<!doctype html><title>console</title><div id="root"></div>';

  before(() => {
    dist = mkdtempSync(join(tmpdir(), 'herald-console-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log("app")');
    writeFileSync(join(dist, 'robots.txt'), 'User-agent: *');
  });
  after(() => rmSync(dist, { recursive: true, force: true }));

  // The console mounted under a parent that owns /api, the way createApp mounts it.
  const parent = () => {
    const app = new Hono();
    app.notFound((c) => c.json({ error: { code: 'NOT_FOUND' } }, 404));
    app.get('/api/v1/known', (c) => c.json({ ok: true }));
    app.route('/', createConsoleApp({ distDir: dist }));
    return app;
  };

  test('before the console is built, pages answer 503 with how to build it', async () => {
    const res = await parent().request('/settings/webhooks');
    assert.equal(res.status, 503);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await res.text(), /npm run build:web/);
  });

  test('once built: assets with long caching, index.html for any page path, 404 for missing files', async () => {
    writeFileSync(join(dist, 'index.html'), INDEX);
    const app = parent();

    const asset = await app.request('/assets/index-abc123.js');
    assert.equal(asset.status, 200);
    assert.match(asset.headers.get('content-type') ?? '', /javascript/);
    assert.match(asset.headers.get('cache-control') ?? '', /immutable/);
    assert.equal(await asset.text(), 'console.log("app")');

    for (const path of ['/', '/settings/webhooks', '/settings/webhooks/wh_1/deliveries', '/events']) {
      const page = await app.request(path);
      assert.equal(page.status, 200, path);
      assert.equal(await page.text(), INDEX, path);
      assert.equal(page.headers.get('cache-control'), 'no-cache');
      assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'/);
      assert.equal(page.headers.get('x-frame-options'), 'DENY');
    }

    assert.equal(await (await app.request('/robots.txt')).text(), 'User-agent: *');
    assert.equal((await app.request('/assets/index-gone.js')).status, 404);
    assert.equal((await app.request('/favicon.ico')).status, 404);
    assert.doesNotMatch(await (await app.request('/..%2f..%2fetc%2fpasswd')).text(), /root:/, 'no way out of the dist directory');
    assert.equal((await app.request('/settings/webhooks', { method: 'POST' })).status, 404);
  });

  test('paths under /api and the sources fall through to the JSON 404, never to index.html', async () => {
    writeFileSync(join(dist, 'index.html'), INDEX);
    const app = parent();
    assert.deepEqual(await (await app.request('/api/v1/known')).json(), { ok: true });
    for (const path of ['/api', '/api/v1/unknown', '/healthz/x', '/metrics/x', '/hooks/github', '/k8s/unknown']) {
      const res = await app.request(path);
      assert.equal(res.status, 404, path);
      assert.deepEqual(await res.json(), { error: { code: 'NOT_FOUND' } }, path);
    }
  });
});

describe('console mounted in a real Herald', () => {
  let herald: TestHerald;
  before(async () => { herald = await startTestHerald(); });
  after(async () => { await herald.close(); });

  const get = (path: string, auth = false) =>
    fetch(`${herald.url}${path}`, { headers: auth ? { authorization: `Bearer ${ADMIN_TOKEN}` } : {} });

  test('serves the console at / and at page paths', async () => {
    assert.ok(existsSync(join(CONSOLE_DIST_DIR, 'index.html')), 'build the console first: npm run build:web (npm test does)');
    for (const path of ['/', '/settings/webhooks', '/events']) {
      const res = await get(path);
      assert.equal(res.status, 200, path);
      assert.match(await res.text(), /<div id="root">/, path);
    }
  });

  test('does not shadow the API, health, metrics, Kubernetes webhooks or inbound hooks', async () => {
    const platforms = await get('/api/v1/platforms', true);
    assert.equal(platforms.status, 200);
    assert.ok(Array.isArray((await platforms.json()).items));
    assert.equal((await (await get('/api/v1/openapi.json')).json()).openapi, '3.1.0');
    assert.deepEqual(await (await get('/healthz')).json(), { status: 'ok' });
    assert.match(await (await get('/metrics')).text(), /herald_/);

    const unknownApi = await get('/api/v1/no-such-thing', true);
    assert.equal(unknownApi.status, 404);
    assert.equal((await unknownApi.json()).error.code, 'NOT_FOUND');
    assert.equal((await get('/api/v1/webhooks')).status, 401, 'the API still demands credentials');
    for (const path of ['/k8s/no-such-webhook', '/hooks/no-such-sender']) {
      const res = await get(path);
      assert.equal(res.status, 404, path);
      assert.match(res.headers.get('content-type') ?? '', /json/, path);
    }
    const k8s = await fetch(`${herald.url}/k8s/admission`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.doesNotMatch(await k8s.text(), /<div id="root">/, 'the admission webhook answers, not the console');
  });
});
