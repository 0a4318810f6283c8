import { createHmac } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { makeWorkerUtils, run } from 'graphile-worker';
import { Agent, request } from 'undici';
import { startHttpFront } from './http-front.ts';
import { openLoop } from './open-loop.ts';
import type { Producer } from './producer.ts';
import { benchBody, type Receiver } from './receiver.ts';

/**
 * What a Node user would build instead of Herald, each delivering the same
 * signed ~420-byte body to the same receiver process at the same concurrency:
 * a raw undici loop (the ceiling: no queue, no durability), a BullMQ worker on
 * Redis, a graphile-worker on PostgreSQL. Each returns deliveries per second.
 */
const SECRET = 'bench-secret-value';
export const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** BullMQ in native ESM takes constructed clients; a worker's must not cap retries per request. */
const redis = () => new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });

async function post(agent: Agent, url: string, body: string): Promise<void> {
  const sig = createHmac('sha256', SECRET).update(body).digest('hex');
  const res = await request(url, {
    method: 'POST', body, dispatcher: agent,
    headers: { 'content-type': 'application/json', 'x-signature': `sha256=${sig}` },
  });
  await res.body.dump();
  if (res.statusCode !== 200) throw new Error(`receiver answered ${res.statusCode}`);
}

export async function rawUndici(receiver: Receiver, n: number, concurrency: number): Promise<number> {
  const agent = new Agent({ connections: concurrency });
  await receiver.reset();
  let next = 0;
  const t = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) await post(agent, receiver.url, benchBody(next++));
  }));
  const ms = performance.now() - t;
  await agent.close();
  return n / (ms / 1000);
}

/** BullMQ: jobs enqueued first (addBulk), then a worker at `concurrency` drains them; timed from the worker's start. */
export async function bullmq(receiver: Receiver, n: number, concurrency: number): Promise<number> {
  const name = `herald-bench-${process.pid}-${Date.now()}`;
  const queue = new Queue(name, { connection: redis() });
  const agent = new Agent({ connections: concurrency });
  try {
    for (let i = 0; i < n; i += 1000) {
      await queue.addBulk(Array.from({ length: Math.min(1000, n - i) }, (_, j) => ({
        name: 'deliver', data: { url: receiver.url, body: benchBody(i + j) }, opts: { removeOnComplete: true, attempts: 3 },
      })));
    }
    await receiver.reset();
    const t = performance.now();
    const worker = new Worker(name, async (job) => post(agent, job.data.url, job.data.body), { connection: redis(), concurrency });
    await receiver.until(n);
    const ms = performance.now() - t;
    await worker.close();
    return n / (ms / 1000);
  } finally {
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
    await agent.close();
  }
}

/**
 * BullMQ behind an HTTP endpoint (http-front.ts), the producer process
 * POSTing events as it does to Herald and the worker delivering at once:
 * timed from the first POST to the last arrival, as Herald's end-to-end run.
 * Redis here keeps nothing on disk, so an acknowledged job is not durable.
 */
export async function bullmqEndToEnd(producer: Producer, receiver: Receiver, n: number, concurrency: number): Promise<number> {
  const name = `herald-bench-e2e-${process.pid}-${Date.now()}`;
  const queue = new Queue(name, { connection: redis() });
  const agent = new Agent({ connections: concurrency });
  let next = 0;
  const front = await startHttpFront(FRONT_TOKEN, async () => {
    await queue.add('deliver', { url: receiver.url, body: benchBody(next++) }, { removeOnComplete: true, attempts: 3 });
  });
  const worker = new Worker(name, async (job) => post(agent, job.data.url, job.data.body), { connection: redis(), concurrency });
  try {
    await worker.waitUntilReady();
    return await timedEndToEnd(producer, receiver, front.url, n, concurrency);
  } finally {
    await front.close();
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
    await agent.close();
  }
}

const FRONT_TOKEN = 'bench-front-token';

async function timedEndToEnd(producer: Producer, receiver: Receiver, url: string, n: number, concurrency: number): Promise<number> {
  await receiver.reset();
  const t = performance.now();
  await producer.closed(url, FRONT_TOKEN, n, concurrency);
  await receiver.until(n);
  return n / ((performance.now() - t) / 1000);
}

/** BullMQ under an open loop: one job added per tick of `rate`, p99 from add to arrival. */
export async function bullmqOpenLoop(receiver: Receiver, rate: number, seconds: number, concurrency: number) {
  const name = `herald-bench-open-${process.pid}-${Date.now()}`;
  const queue = new Queue(name, { connection: redis() });
  const agent = new Agent({ connections: concurrency });
  const worker = new Worker(name, async (job) => post(agent, job.data.url, job.data.body), { connection: redis(), concurrency });
  await worker.waitUntilReady();
  await receiver.reset();
  const sent = await openLoop(rate, seconds, (i) => queue.add('deliver', { url: receiver.url, body: benchBody(i) }, { removeOnComplete: true }).then(() => {}));
  const stats = await receiver.until(sent, 60_000);
  await worker.close();
  await queue.obliterate({ force: true }).catch(() => {});
  await queue.close();
  await agent.close();
  return stats;
}

/**
 * graphile-worker in its own schema: jobs added first (one addJobs call per
 * 1,000), then a runner at `concurrency`; timed from the runner's start.
 */
export async function graphileWorker(receiver: Receiver, n: number, concurrency: number): Promise<number> {
  const schema = `herald_bench_gw_${process.pid}`;
  const agent = new Agent({ connections: concurrency });
  const utils = await makeWorkerUtils({ connectionString: PG_URL, schema });
  try {
    await utils.migrate();
    for (let i = 0; i < n; i += 1000) {
      await utils.addJobs(Array.from({ length: Math.min(1000, n - i) }, (_, j) => ({
        identifier: 'deliver', payload: { url: receiver.url, body: benchBody(i + j) },
      })));
    }
    await receiver.reset();
    const t = performance.now();
    const runner = await run({
      connectionString: PG_URL, schema, concurrency, noHandleSignals: true, pollInterval: 1000,
      logger: quietLogger(),
      taskList: { deliver: async (payload) => { const p = payload as { url: string; body: string }; await post(agent, p.url, p.body); } },
    });
    await receiver.until(n);
    const ms = performance.now() - t;
    await runner.stop();
    return n / (ms / 1000);
  } finally {
    await utils.withPgClient((c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)).catch(() => {});
    await utils.release();
    await agent.close();
  }
}

/** graphile-worker behind the same HTTP endpoint: each POST one addJob (committed in PostgreSQL), the runner delivering meanwhile. */
export async function graphileWorkerEndToEnd(producer: Producer, receiver: Receiver, n: number, concurrency: number): Promise<number> {
  const schema = `herald_bench_gwe_${process.pid}`;
  const agent = new Agent({ connections: concurrency });
  const utils = await makeWorkerUtils({ connectionString: PG_URL, schema });
  let next = 0;
  try {
    await utils.migrate();
    const runner = await run({
      connectionString: PG_URL, schema, concurrency, noHandleSignals: true, pollInterval: 1000,
      logger: quietLogger(),
      taskList: { deliver: async (payload) => { const p = payload as { url: string; body: string }; await post(agent, p.url, p.body); } },
    });
    const front = await startHttpFront(FRONT_TOKEN, async () => {
      await utils.addJob('deliver', { url: receiver.url, body: benchBody(next++) });
    });
    try {
      return await timedEndToEnd(producer, receiver, front.url, n, concurrency);
    } finally {
      await front.close();
      await runner.stop();
    }
  } finally {
    await utils.withPgClient((c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)).catch(() => {});
    await utils.release();
    await agent.close();
  }
}

function quietLogger() {
  // graphile-worker's Logger: a factory of scoped log functions; the bench keeps only errors.
  return new (class {
    scope() { return this; }
    error(msg: string) { console.error(msg); }
    warn() {} info() {} debug() {}
  })() as never;
}
