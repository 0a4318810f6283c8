import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CloudEvent, HTTP } from 'cloudevents';
import { eventPayload } from '../../src/core/event-payload.ts';
import { normalizeEvent } from '../../src/core/event.ts';
import { newId } from '../../src/core/ids.ts';
import { createWebhook, WebhookInputSchema } from '../../src/core/webhook.ts';
import { buildRequest } from '../../src/delivery/build-request.ts';
import { HttpSender } from '../../src/delivery/http-sender.ts';
import { prepareKey } from '../../src/delivery/signing.ts';
import { SsrfGuard } from '../../src/delivery/ssrf-guard.ts';
import { findPlatform } from '../../src/platforms/registry.ts';

/**
 * CloudEvents 1.0 over HTTP, both modes, sent by Herald's own HTTP sender to
 * a loopback server and read back with the official SDK's HTTP.toEvent, as a
 * Knative or Argo Events receiver would read it.
 */
describe('CloudEvents over HTTP, read by the official SDK', () => {
  const seen: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => { seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }); res.writeHead(202).end(); });
  });
  const sender = new HttpSender(new SsrfGuard({ allowedNetworks: ['127.0.0.1/32'] }));
  let base = '';
  before(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await sender.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  const event = normalizeEvent({ event: 'delete', cluster: 'prod eu', namespace: 'shop', resource: 'Secret', name: 'tls', actor: 'jane' }, newId('evt'));

  for (const mode of ['structured', 'binary'] as const) {
    it(`${mode} mode: HTTP.toEvent gives the event, its attributes, and the delivery id as the CloudEvent id`, async () => {
      const platform = findPlatform(`cloudevents-${mode}`)!;
      const webhook = createWebhook(WebhookInputSchema.parse({ name: 'ce', platform: platform.id, url: `${base}/events`, secret: 'a-signing-secret' }), newId('wh'), Date.now());
      const deliveryId = newId('dlv');
      const result = await sender.send(buildRequest(platform, webhook, event, { deliveryId, now: new Date(), keys: [prepareKey('a-signing-secret')], delayedMs: 0 }));
      assert.ok(result.ok);
      const got = seen.at(-1)!;
      assert.equal(got.headers['content-type'], mode === 'structured' ? 'application/cloudevents+json' : 'application/json');
      if (mode === 'binary') assert.equal(got.headers['ce-id'], deliveryId);
      const ce = HTTP.toEvent({ headers: got.headers as Record<string, string>, body: got.body }) as CloudEvent<Record<string, unknown>>;
      assert.equal(ce.specversion, '1.0');
      assert.equal(ce.id, deliveryId);
      assert.equal(ce.type, 'io.herald.delete');
      assert.equal(ce.source, '/herald/prod-eu/api', 'a URI-reference in characters no header needs encoded');
      assert.equal(ce.subject, 'Secret/shop/tls');
      assert.equal(ce.time, new Date(event.timestamp).toISOString());
      assert.equal(ce.heraldeventid, event.id);
      assert.deepEqual(ce.data, JSON.parse(JSON.stringify(eventPayload(event))));
      assert.equal(got.headers['webhook-id'], deliveryId, 'still signed and identified like every custom HTTP delivery');
      assert.ok(typeof got.headers['webhook-signature'] === 'string');
    });
  }
});
