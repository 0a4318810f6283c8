import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CloudEvent, HTTP } from 'cloudevents';
import { eventPayload } from '../../../src/core/event-payload.ts';
import { normalizeEvent, type HeraldEvent } from '../../../src/core/event.ts';
import { newId } from '../../../src/core/ids.ts';
import { createWebhook, WebhookInputSchema, type Webhook, type WebhookAuth } from '../../../src/core/webhook.ts';
import { buildRequest } from '../../../src/delivery/build-request.ts';
import { Dispatcher } from '../../../src/delivery/dispatcher.ts';
import { SsrfGuard } from '../../../src/delivery/ssrf-guard.ts';
import type { ClosableSender } from '../../../src/delivery/transports/transport-senders.ts';
import { findPlatform } from '../../../src/platforms/registry.ts';
import { SecretBox } from '../../../src/store/secret-box.ts';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy.ts';

/**
 * The suite every broker transport passes against the real broker on this
 * machine: what arrives is one structured CloudEvent the official SDK parses,
 * carrying the delivery id; a message the broker did not take is a failure;
 * the SSRF guard applies to the broker's host; one connection per webhook,
 * closed on stop; and the broker going away mid-run loses nothing. Traffic
 * goes through a loopback TCP proxy the test can cut, so the outage is this
 * client's alone and the broker keeps serving everyone else on the machine.
 */
export interface BrokerMessage { body: string; headers: Record<string, string> }

export interface BrokerHarness {
  platform: string;
  brokerPort: number;
  auth?: WebhookAuth;
  /** Creates the stream, exchange and queue, or subscription the messages land in. */
  setup(): Promise<void>;
  /** The destination URL through `port` on 127.0.0.1. */
  url(port: number): string;
  /** A destination on the same broker that does not take the message, when the broker can refuse one. */
  refusedUrl?(port: number): string;
  /** Every message that arrived so far. */
  received(): Promise<BrokerMessage[]>;
  /** What the broker says the message's id is, outside the CloudEvent (Nats-Msg-Id, the AMQP message id…). */
  transportId(m: BrokerMessage): string | undefined;
  teardown(): Promise<void>;
}

const LOOPBACK = new SsrfGuard({ allowedNetworks: ['127.0.0.1/32'] });

function event(n: number): HeraldEvent {
  return normalizeEvent({ event: 'update', cluster: 'prod', namespace: 'default', resource: 'Deployment', name: `web-${n}`, summary: `change ${n}` }, newId('evt'));
}

function parseCloudEvent(m: BrokerMessage): CloudEvent<Record<string, unknown>> {
  const parsed = HTTP.toEvent({ headers: { 'content-type': 'application/cloudevents+json' }, body: m.body });
  return (Array.isArray(parsed) ? parsed[0] : parsed) as CloudEvent<Record<string, unknown>>;
}

export function runBrokerCases(h: BrokerHarness, newSender: (guard: SsrfGuard) => ClosableSender): void {
  const platform = findPlatform(h.platform)!;
  const webhookFor = (url: string): Webhook => createWebhook(WebhookInputSchema.parse({
    name: `${h.platform} test`, platform: h.platform, url, timeoutSeconds: 3, auth: h.auth ?? { type: 'none' },
    retry: { policy: 'exponential', maxAttempts: 100, initialDelaySeconds: 0.1, maxDelaySeconds: 0.5, jitter: 0 },
  }), newId('wh'), Date.now());
  const requestFor = (webhook: Webhook, e: HeraldEvent, deliveryId = newId('dlv')) =>
    buildRequest(platform, webhook, e, { deliveryId, now: new Date(), keys: [], delayedMs: 0 });

  describe(`${h.platform} against the real broker on 127.0.0.1:${h.brokerPort}`, () => {
    let proxy: TcpProxy;
    before(async () => {
      await h.setup();
      proxy = await startTcpProxy('127.0.0.1', h.brokerPort);
    });
    after(async () => {
      await proxy.close();
      await h.teardown();
    });

    it('succeeds only on the broker\'s confirmation, and what arrived is a CloudEvent the SDK parses, with the delivery id', async () => {
      const sender = newSender(LOOPBACK);
      const e = event(0);
      const deliveryId = newId('dlv');
      const result = await sender.send(requestFor(webhookFor(h.url(h.brokerPort)), e, deliveryId));
      await sender.close();
      assert.ok(result.ok && 'confirmed' in result, JSON.stringify(result));
      const arrived = (await h.received()).filter((m) => parseCloudEvent(m).id === deliveryId);
      assert.equal(arrived.length, 1);
      const ce = parseCloudEvent(arrived[0]!);
      assert.equal(ce.specversion, '1.0');
      assert.equal(ce.type, 'io.herald.update');
      assert.equal(ce.source, '/herald/prod/api');
      assert.equal(ce.subject, 'Deployment/default/web-0');
      assert.equal(ce.heraldeventid, e.id);
      assert.deepEqual(ce.data, JSON.parse(JSON.stringify(eventPayload(e))));
      assert.equal(h.transportId(arrived[0]!), deliveryId, 'the broker-level message id is the delivery id');
    });

    if (h.refusedUrl !== undefined) {
      it('counts a message the broker did not take as a failure to retry, not a success', async () => {
        const sender = newSender(LOOPBACK);
        const result = await sender.send(requestFor(webhookFor(h.refusedUrl!(h.brokerPort)), event(1)));
        await sender.close();
        assert.equal(result.ok, false);
        assert.equal(!result.ok && result.permanent, false);
      });
    }

    it('applies the SSRF guard to the broker host: loopback is refused unless allow-listed, and nothing is sent', async () => {
      const sender = newSender(new SsrfGuard());
      const before = proxy.accepted();
      const result = await sender.send(requestFor(webhookFor(h.url(proxy.port)), event(2)));
      await sender.close();
      assert.equal(result.ok, false);
      assert.ok(!result.ok && result.permanent, 'an SSRF refusal is permanent');
      assert.match(!result.ok ? result.error : '', /allowedNetworks/);
      assert.equal(proxy.accepted(), before, 'no connection was made');
    });

    it('keeps one connection per webhook for many messages and closes it on stop', async () => {
      const sender = newSender(LOOPBACK);
      const webhook = webhookFor(h.url(proxy.port));
      const before = proxy.accepted();
      for (let i = 0; i < 5; i++) {
        const result = await sender.send(requestFor(webhook, event(3)));
        assert.ok(result.ok, JSON.stringify(result));
      }
      assert.equal(proxy.accepted() - before, 1, 'five messages, one connection');
      const other = await sender.send(requestFor(webhookFor(h.url(proxy.port)), event(4)));
      assert.ok(other.ok);
      assert.equal(proxy.accepted() - before, 2, 'another webhook has its own');
      await sender.close();
      await waitFor(() => proxy.open() === 0, 'the connections closed on stop');
    });

    it('loses nothing when the connection to the broker is cut mid-run: every delivery arrives, under its own id', async () => {
      const store = new SqliteStore({ path: ':memory:', secrets: SecretBox.fromString(SecretBox.generateKey()) });
      const webhook = webhookFor(h.url(proxy.port));
      await store.createWebhook(webhook);
      const sender = newSender(LOOPBACK);
      const succeeded = new Set<string>();
      let retries = 0;
      const dispatcher = new Dispatcher({
        store, sender, idlePollMs: 50,
        onAttempt: (info) => {
          if (info.decision.kind === 'succeeded') succeeded.add(info.deliveryId);
          if (info.decision.kind === 'retry') retries++;
        },
      });
      await dispatcher.start();
      const ids: string[] = [];
      const record = async (n: number): Promise<void> => {
        const { deliveryIds } = await store.recordEvent(event(100 + n), [webhook.id], { now: Date.now() });
        ids.push(...deliveryIds);
        dispatcher.wake();
      };
      try {
        for (let i = 0; i < 10; i++) await record(i);
        await waitFor(() => succeeded.size >= 3, 'some deliveries before the cut');
        proxy.cut();
        for (let i = 10; i < 20; i++) await record(i);
        await waitFor(() => retries > 0, 'an attempt failed while the broker was unreachable');
        proxy.restore();
        await waitFor(() => ids.every((id) => succeeded.has(id)), 'every delivery succeeded after the broker came back');
      } finally {
        await dispatcher.stop();
        await sender.close();
        await store.close();
      }
      const arrived = new Map<string, number>();
      for (const m of await h.received()) {
        const id = parseCloudEvent(m).id;
        arrived.set(id, (arrived.get(id) ?? 0) + 1);
        assert.equal(h.transportId(m), id, 'the broker-level id and the CloudEvent id agree');
      }
      for (const id of ids) assert.ok((arrived.get(id) ?? 0) >= 1, `delivery ${id} never arrived`);
    });
  });
}

/** Polls a condition; the test runner's timeout bounds it, so no assertion depends on how fast the machine is. */
export async function waitFor(ok: () => boolean | Promise<boolean>, what: string, limitMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!(await ok())) {
    if (Date.now() - start > limitMs) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
