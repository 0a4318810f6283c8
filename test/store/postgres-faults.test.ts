import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { kill, spawnHerald, type HeraldProcess } from '../support/herald-process.ts';
import { eventually } from '../support/herald.ts';
import { startReceiver } from '../support/receiver.ts';
import { startTcpProxy } from '../support/tcp-proxy.ts';
import { dropSchemas, newSchema, PG_URL } from './pg-support.ts';

/**
 * What a PostgreSQL failover or a pooler restart does to Herald: its backends
 * are terminated (pg_terminate_backend) at any point, idle, in a claim, in a
 * transaction, or the server cannot be reached at all for a while. A real
 * `herald serve` must survive all of it, say so on /readyz, and lose nothing
 * it acknowledged.
 */
const TOKEN = 'pg-faults-admin-token-0123456789';
const EVENTS = 600;

async function terminateBackends(appName: string): Promise<number> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    const { rowCount } = await client.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [appName]);
    return rowCount ?? 0;
  } finally {
    await client.end();
  }
}

describe('PostgreSQL faults under a running herald serve', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-pgfault-'));
  const schema = newSchema();
  const appName = `herald_fault_${randomBytes(3).toString('hex')}`;
  let running: HeraldProcess | undefined;
  after(async () => {
    if (running !== undefined) await kill(running, 'SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
    await dropSchemas(schema);
  });

  it('survives its backends being terminated again and again during delivery, and every accepted event arrives', { timeout: 120_000 }, async () => {
    const seen = new Map<string, number>();
    const receiver = await startReceiver(async (req) => {
      const id = JSON.parse(req.body).id as string;
      seen.set(id, (seen.get(id) ?? 0) + 1);
      return { status: 200, delayMs: 2 };
    });
    try {
      const url = `${PG_URL}?schema=${schema}&application_name=${appName}`;
      running = await spawnHerald({
        HERALD_DATA_DIR: dataDir, HERALD_ADMIN_TOKEN: TOKEN, HERALD_ALLOWED_NETWORKS: '127.0.0.0/8', HERALD_STORE_URL: url,
      });
      const base = running.url;
      const post = (path: string, body: unknown) => fetch(`${base}${path}`, {
        method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
      });
      const created = await post('/api/v1/webhooks', {
        name: 'pg-faults', url: receiver.url, concurrency: 8, retry: { maxAttempts: 20, initialDelaySeconds: 0.2, maxDelaySeconds: 1 },
      });
      assert.equal(created.status, 201);

      const accepted = new Set<string>();
      let terminated = 0;
      let refused = 0;
      for (let batch = 0; batch < EVENTS / 50; batch++) {
        terminated += await terminateBackends(appName);
        // Ingest during the fault: every answer is either an acknowledgement or a clear 503 the client retries.
        for (;;) {
          const res = await post('/api/v1/events', Array.from({ length: 50 }, (_, i) => ({ event: 'update', name: `obj-${batch}-${i}` })));
          if (res.status === 202) {
            for (const item of ((await res.json()) as { items: Array<{ id: string }> }).items) accepted.add(item.id);
            break;
          }
          const text = await res.text();
          assert.equal(res.status, 503, `ingest answered ${res.status}: ${text}`);
          assert.equal((JSON.parse(text) as { error: { code: string } }).error.code, 'STORE_UNAVAILABLE');
          refused++;
        }
      }
      assert.ok(terminated >= EVENTS / 50, `backends were terminated (${terminated} times)`);
      assert.equal(accepted.size, EVENTS);
      await eventually(() => ([...accepted].every((id) => seen.has(id)) ? true : undefined), 60_000, 100)
        .catch(async (err: Error) => {
          const client = new pg.Client({ connectionString: PG_URL, options: `-c search_path="${schema}"` });
          await client.connect();
          const { rows } = await client.query('SELECT status, count(*) AS n, min(locked_until) AS lease, max(attempts) AS attempts FROM deliveries GROUP BY status');
          await client.end();
          throw new Error(`${[...accepted].filter((id) => !seen.has(id)).length} of ${accepted.size} not arrived; deliveries ${JSON.stringify(rows)}; ${err.message}`);
        });
      assert.equal(running.child.exitCode, null, `herald is still running (${refused} ingests refused with 503)`);
      const ready = await fetch(`${base}/readyz`);
      assert.equal(ready.status, 200);
      assert.ok(!running.output.join('\n').includes('Unhandled'), 'no unhandled error was printed');
    } finally {
      await receiver.close();
    }
  });

  it('answers /readyz 503 and ingest 503 while the database cannot be reached, and recovers by itself', { timeout: 90_000 }, async () => {
    if (running !== undefined) { await kill(running, 'SIGTERM'); running = undefined; }
    const target = new URL(PG_URL);
    const proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    const received: string[] = [];
    const receiver = await startReceiver(async (req) => { received.push(JSON.parse(req.body).id as string); return { status: 200 }; });
    try {
      const proxied = new URL(PG_URL);
      proxied.port = String(proxy.port);
      running = await spawnHerald({
        HERALD_DATA_DIR: dataDir, HERALD_ADMIN_TOKEN: TOKEN, HERALD_ALLOWED_NETWORKS: '127.0.0.0/8',
        HERALD_STORE_URL: `${proxied.toString()}?schema=${schema}`,
      });
      const base = running.url;
      const post = (path: string, body: unknown) => fetch(`${base}${path}`, {
        method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
      });
      assert.equal((await fetch(`${base}/readyz`)).status, 200);
      const created = await post('/api/v1/webhooks', { name: 'pg-outage', url: receiver.url, retry: { maxAttempts: 20, initialDelaySeconds: 0.2, maxDelaySeconds: 1 } });
      assert.equal(created.status, 201);

      proxy.cut();
      const notReady = await eventually(async () => {
        const r = await fetch(`${base}/readyz`);
        return r.status === 503 ? r : undefined;
      }, 20_000, 100);
      const body = await notReady.json() as { status: string; reason: string };
      assert.equal(body.status, 'not ready');
      assert.match(body.reason, /store/i);
      const refused = await post('/api/v1/events', { event: 'update', name: 'while-down' });
      assert.equal(refused.status, 503);
      assert.equal((await refused.json() as { error: { code: string } }).error.code, 'STORE_UNAVAILABLE');

      proxy.restore();
      await eventually(async () => ((await fetch(`${base}/readyz`)).status === 200 ? true : undefined), 30_000, 200);
      const ok = await eventually(async () => {
        const r = await post('/api/v1/events', { event: 'update', name: 'after-recovery' });
        return r.status === 202 ? r : undefined;
      }, 30_000, 200);
      const id = ((await ok.json()) as { items: Array<{ id: string }> }).items[0]!.id;
      await eventually(() => (received.includes(id) ? true : undefined), 30_000, 100);
      assert.equal(running.child.exitCode, null, 'herald is still running');
    } finally {
      await receiver.close();
      await proxy.close();
    }
  });
});
