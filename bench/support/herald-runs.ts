import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Agent, request } from 'undici';
import { ConfigSchema } from '../../src/config/config-schema.ts';
import { createWebhook, WebhookInputSchema } from '../../src/core/webhook.ts';
import { newId } from '../../src/core/ids.ts';
import { startHerald, type Herald } from '../../src/herald.ts';
import { PG_URL } from './baselines.ts';
import { benchEvent } from './bench-event.ts';
import type { Producer } from './producer.ts';
import type { Receiver, ReceiverStats } from './receiver.ts';

/**
 * Herald as a user runs it: `startHerald` with the default synchronous=FULL
 * SQLite store (or PostgreSQL in its own schema), events POSTed over HTTP to
 * /api/v1/events by `concurrency` clients, each delivered to the receiver
 * process, signed, every attempt recorded.
 */
const TOKEN = 'bench-admin-token-0123456789abcdef';

export interface BenchHerald {
  herald: Herald;
  post(path: string, body: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

export async function benchHerald(opts: { postgres?: boolean; concurrency: number }): Promise<BenchHerald> {
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-bench-'));
  const schema = `herald_bench_${process.pid}_${Date.now()}`;
  const herald = await startHerald(ConfigSchema.parse({
    server: { port: 0 }, dataDir, auth: { adminToken: TOKEN },
    ...(opts.postgres === true ? { store: { url: `${PG_URL}?schema=${schema}` } } : {}),
    delivery: { allowedNetworks: ['127.0.0.0/8'], maxInFlight: opts.concurrency * 2 },
  }), { logger: pino({ level: 'silent' }) });
  const agent = new Agent({ connections: opts.concurrency * 2 });
  const post = async (path: string, body: unknown) => {
    const res = await request(`${herald.url}${path}`, {
      method: 'POST', dispatcher: agent, body: JSON.stringify(body),
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    });
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new Error(`${path}: ${res.statusCode} ${text}`);
    return JSON.parse(text) as unknown;
  };
  return {
    herald, post,
    stop: async () => {
      await herald.stop();
      await agent.close();
      if (opts.postgres === true) {
        const pg = (await import('pg')).default;
        const c = new pg.Client({ connectionString: PG_URL });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await c.end();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function addWebhook(h: BenchHerald, url: string, name: string, concurrency: number, namespaces = ['*']): Promise<void> {
  await h.post('/api/v1/webhooks', { name, url, secret: 'bench-secret-value', concurrency, filters: { namespaces } });
}

/**
 * N events POSTed by `concurrency` clients in the producer process;
 * delivered/s counts from the first POST to the Nth arrival.
 */
export async function postAndDeliver(h: BenchHerald, producer: Producer, receiver: Receiver, n: number, concurrency: number, expected = n) {
  await receiver.reset();
  const t = performance.now();
  const ingestMs = await producer.closed(h.herald.url, TOKEN, n, concurrency);
  await receiver.until(expected);
  const totalMs = performance.now() - t;
  return { ingestPerS: n / (ingestMs / 1000), deliveredPerS: expected / (totalMs / 1000) };
}

export async function endToEnd(producer: Producer, receiver: Receiver, n: number, concurrency: number, postgres = false) {
  const h = await benchHerald({ postgres, concurrency });
  try {
    await addWebhook(h, receiver.url, 'bench', concurrency);
    return await postAndDeliver(h, producer, receiver, n, concurrency);
  } finally {
    await h.stop();
  }
}

/**
 * Timed as the baselines' drain runs are: N events recorded first with the
 * dispatcher stopped, then delivered, timed from the dispatcher's start to
 * the Nth arrival.
 */
export async function drain(producer: Producer, receiver: Receiver, n: number, concurrency: number, postgres = false): Promise<number> {
  const h = await benchHerald({ postgres, concurrency });
  try {
    await addWebhook(h, receiver.url, 'bench', concurrency);
    await h.herald.dispatcher.stop();
    await producer.closed(h.herald.url, TOKEN, n, concurrency);
    await receiver.reset();
    const t = performance.now();
    await h.herald.dispatcher.start();
    await receiver.until(n);
    return n / ((performance.now() - t) / 1000);
  } finally {
    await h.stop();
  }
}

export async function heraldOpenLoop(producer: Producer, receiver: Receiver, rate: number, seconds: number, concurrency: number): Promise<ReceiverStats> {
  const h = await benchHerald({ concurrency });
  try {
    await addWebhook(h, receiver.url, 'bench', concurrency);
    await receiver.reset();
    await producer.open(h.herald.url, TOKEN, rate, seconds, concurrency);
    return await receiver.until(rate * seconds, 60_000);
  } finally {
    await h.stop();
  }
}

/** One event to 100 webhooks: deliveries/s, against the same number of deliveries to one webhook. */
export async function fanOut(producer: Producer, receiver: Receiver, n: number, concurrency: number) {
  const h = await benchHerald({ concurrency });
  try {
    for (let i = 0; i < 100; i++) await addWebhook(h, receiver.url, `fan-${i}`, concurrency);
    const events = Math.max(1, Math.floor(n / 100));
    return await postAndDeliver(h, producer, receiver, events, Math.min(concurrency, events), events * 100);
  } finally {
    await h.stop();
  }
}

/**
 * `webhooks` webhooks, 10 of which match (namespace filters; with 10, all
 * match): the ingest rate, matching cost per event, the cost of an idle claim,
 * and how long a webhook written by someone else (straight into the store, as
 * another replica would) takes to be routed. Run with 10 and with 10,000, the
 * two ingest rates differ only in the webhooks that do not match: each event
 * makes 10 deliveries in both, so the dispatcher's share of the CPU is alike.
 */
export async function manyWebhooks(producer: Producer, receiver: Receiver, webhooks: number, n: number, concurrency: number) {
  const h = await benchHerald({ concurrency });
  const { store, ingestor } = h.herald;
  try {
    const now = Date.now();
    for (let i = 0; i < webhooks; i++) {
      const matching = i % (webhooks / 10) === 0;
      const spec = WebhookInputSchema.parse({
        name: `many-${i}`, url: receiver.url, secret: `bench-secret-${i}`, concurrency,
        filters: { namespaces: [matching ? 'default' : `ns-${i}`] },
      });
      await store.createWebhook(createWebhook(spec, newId('wh', now), now));
    }
    ingestor.invalidate();
    // Idle claim: nothing is due.
    const claims = 200;
    let t = performance.now();
    for (let i = 0; i < claims; i++) await store.claimDue('bench-idle', Date.now(), 32, 30_000);
    const idleClaimMs = (performance.now() - t) / claims;
    // Matching alone, through the ingest path's router, warmed.
    const event = { ...benchEvent(0), id: 'evt_x', timestamp: new Date().toISOString(), changes: [], source: 'api', cluster: 'bench' } as never;
    await ingestor.route(event);
    const rounds = 2000;
    t = performance.now();
    for (let i = 0; i < rounds; i++) await ingestor.route(event);
    const matchUs = ((performance.now() - t) / rounds) * 1000;
    const ingest = await postAndDeliver(h, producer, receiver, n, concurrency, n * 10);
    // A change made behind this process's back: routed once the router notices it.
    const spec = WebhookInputSchema.parse({ name: 'late', url: receiver.url, concurrency, filters: { namespaces: ['late'] } });
    const late = createWebhook(spec, newId('wh', Date.now()), Date.now());
    await store.createWebhook(late);
    t = performance.now();
    let routeMs = NaN;
    while (performance.now() - t < 10_000) {
      const ids = await ingestor.route({ ...(event as object), namespace: 'late' } as never);
      if (ids.includes(late.id)) { routeMs = performance.now() - t; break; }
      await new Promise((r) => setTimeout(r, 10));
    }
    return { idleClaimMs, matchUs, ingestPerS: ingest.ingestPerS, changeRoutedMs: routeMs };
  } finally {
    await h.stop();
  }
}
