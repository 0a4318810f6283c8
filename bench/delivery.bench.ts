import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Agent, request } from 'undici';
import { ConfigSchema } from '../src/config/config-schema.ts';
import { startHerald } from '../src/herald.ts';

/**
 * Delivery throughput: Herald's full path (ingest → SQLite → claim → sign →
 * send → record) against a raw undici loop posting the same bodies to the
 * same loopback receiver, in one run. Bounded: N requests each.
 */
const N = Number(process.env.BENCH_N ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

let received = 0;
let onReceived: (() => void) | undefined;
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    received++;
    res.end('ok');
    onReceived?.();
  });
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
const body = JSON.stringify({ event: 'update', cluster: 'bench', namespace: 'default', resource: 'Deployment', name: 'api', detail: { field: 'spec.replicas', old: 1, new: 2 } });

function until(n: number): Promise<void> {
  return new Promise((resolve) => {
    onReceived = () => { if (received >= n) resolve(); };
    onReceived();
  });
}

// 1. raw undici loop
const agent = new Agent({ connections: CONCURRENCY });
received = 0;
let next = 0;
const t0 = performance.now();
await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
  while (next < N) {
    next++;
    const res = await request(url, { method: 'POST', body, headers: { 'content-type': 'application/json' }, dispatcher: agent });
    await res.body.text();
  }
}));
const rawMs = performance.now() - t0;
await agent.close();

// 2. Herald end to end
const dataDir = mkdtempSync(join(tmpdir(), 'herald-bench-'));
const herald = await startHerald(ConfigSchema.parse({
  server: { port: 0 }, dataDir, auth: { adminToken: 'bench-admin-token-0123456789' },
  delivery: { allowedNetworks: ['127.0.0.0/8'], maxInFlight: CONCURRENCY * 2 },
}), { logger: pino({ level: 'silent' }) });
const res = await fetch(`${herald.url}/api/v1/webhooks`, {
  method: 'POST', headers: { authorization: 'Bearer bench-admin-token-0123456789', 'content-type': 'application/json' },
  body: JSON.stringify({ name: 'bench', url, secret: 'bench-secret-value', concurrency: CONCURRENCY }),
});
if (res.status !== 201) throw new Error(`cannot create the webhook: ${await res.text()}`);
received = 0;
const t1 = performance.now();
const done = until(N);
for (let i = 0; i < N; i++) await herald.ingestor.ingest({ event: 'update', cluster: 'bench', name: `obj-${i}` });
const ingestMs = performance.now() - t1;
await done;
const heraldMs = performance.now() - t1;
await herald.stop();
rmSync(dataDir, { recursive: true, force: true });
server.close();

const rate = (ms: number) => Math.round(N / (ms / 1000));
console.log(`delivery throughput, ${N} requests, concurrency ${CONCURRENCY}, loopback receiver`);
console.log(`  raw undici loop            ${rate(rawMs).toString().padStart(7)} req/s  (${rawMs.toFixed(0)} ms)`);
console.log(`  herald end to end          ${rate(heraldMs).toString().padStart(7)} deliveries/s  (${heraldMs.toFixed(0)} ms; durable, signed, every attempt recorded)`);
console.log(`  herald ingest alone        ${rate(ingestMs).toString().padStart(7)} events/s  (one SQLite transaction each, synchronous=FULL)`);
