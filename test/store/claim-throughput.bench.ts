import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { tempDir } from '../support/temp-dir.ts';
import { dropSchemas, newSchema, openInSchema, secrets } from './pg-support.ts';
import { attempt, event, webhook } from './store.case.ts';

/**
 * Claim + complete throughput of each store, without HTTP: a backlog of
 * BENCH_N deliveries over 20 webhooks of concurrency 8, drained by loops that
 * claim up to 32 at a time and complete each as succeeded. SQLite: one
 * process, one loop (it is one process by design). PostgreSQL: one replica
 * with one loop, then two replicas with four loops each.
 *
 *   node_modules/.bin/node test/store/claim-throughput.bench.ts
 */
const N = Number(process.env.BENCH_N ?? 5000);
const WEBHOOKS = 20;

async function fill(store: Store): Promise<void> {
  const hooks = Array.from({ length: WEBHOOKS }, (_, i) => webhook(`bench-${i}`, { concurrency: 8 }));
  for (const w of hooks) await store.createWebhook(w);
  const now = Date.now();
  for (let i = 0; i < N / WEBHOOKS; i++) await store.recordEvent(event(), hooks.map((w) => w.id), { now });
}

interface Result { seconds: number; claims: number; calls: number; claimMs: number }

async function drain(stores: Store[], loopsPerStore: number): Promise<Result> {
  let done = 0;
  let calls = 0;
  let claimMs = 0;
  const loop = async (store: Store, owner: string) => {
    let idle = 0;
    while (done < N && idle < 1000) {
      const t = performance.now();
      const claims = await store.claimDue(owner, Date.now(), 32, 60_000);
      claimMs += performance.now() - t;
      calls++;
      if (claims.length === 0) { idle++; await new Promise((r) => setImmediate(r)); continue; }
      idle = 0;
      await Promise.all(claims.map(async (c) => {
        await store.completeAttempt(c, attempt(c, Date.now()), { status: 'succeeded' });
        done++;
      }));
    }
  };
  const t0 = performance.now();
  await Promise.all(stores.flatMap((s, r) => Array.from({ length: loopsPerStore }, (_, l) => loop(s, `r${r}-l${l}`))));
  return { seconds: (performance.now() - t0) / 1000, claims: done, calls, claimMs };
}

function report(label: string, r: Result): void {
  console.log(`  ${label.padEnd(34)} ${Math.round(r.claims / r.seconds).toString().padStart(6)} deliveries/s claimed+completed`
    + `  (${r.claims} in ${r.seconds.toFixed(2)} s); claimDue ${(r.claimMs / r.calls).toFixed(2)} ms/call,`
    + ` ${(r.claims / r.calls).toFixed(1)} per call, ${Math.round(r.claims / (r.claimMs / 1000))} claims per claimDue-second`);
}

console.log(`store claim throughput: ${N} deliveries, ${WEBHOOKS} webhooks × concurrency 8, claim limit 32`);

const dir = tempDir('claim-bench');
const sqlite = new SqliteStore({ path: join(dir, 'bench.db'), secrets });
await fill(sqlite);
report('SQLite (synchronous FULL), 1 loop', await drain([sqlite], 1));
await sqlite.close();
rmSync(dir, { recursive: true, force: true });

for (const [replicas, loops] of [[1, 1], [2, 4]] as const) {
  const schema = newSchema();
  const stores = await Promise.all(Array.from({ length: replicas }, () => openInSchema(schema, 8)));
  await fill(stores[0]!);
  report(`PostgreSQL, ${replicas} replica(s) × ${loops} loop(s)`, await drain(stores, loops));
  for (const s of stores) await s.close();
  await dropSchemas(schema);
}
