import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { kill, spawnHerald, type HeraldProcess } from '../support/herald-process.ts';
import { startReceiver } from '../support/receiver.ts';
import { eventually } from '../support/herald.ts';

/**
 * At-least-once across a hard crash: events accepted before SIGKILL all reach
 * the receiver after a restart, each with one stable webhook-id.
 */
const EVENTS = 3000;
const TOKEN = 'crash-test-admin-token-0123456789';

describe('crash safety', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-crash-'));
  const env = { HERALD_DATA_DIR: dataDir, HERALD_ADMIN_TOKEN: TOKEN, HERALD_ALLOWED_NETWORKS: '127.0.0.0/8' };
  let running: HeraldProcess | undefined;
  after(async () => {
    if (running !== undefined) await kill(running, 'SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers every event at least once with a stable webhook-id after SIGKILL mid-flight', { timeout: 120_000 }, async () => {
    const seen = new Map<string, Set<string>>();
    const receiver = await startReceiver(async (req) => {
      const eventId = JSON.parse(req.body).id as string;
      const ids = seen.get(eventId) ?? new Set<string>();
      ids.add(String(req.headers['webhook-id']));
      seen.set(eventId, ids);
      return { status: 200, delayMs: 5 };
    });
    try {
      running = await spawnHerald(env);
      const api = (url: string, path: string, body: unknown) => fetch(`${url}${path}`, {
        method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
      });
      const created = await api(running.url, '/api/v1/webhooks', { name: 'crash', url: receiver.url, concurrency: 16, retry: { maxAttempts: 10, initialDelaySeconds: 0.2, maxDelaySeconds: 2 } });
      assert.equal(created.status, 201);
      const accepted = new Set<string>();
      for (let batch = 0; batch < EVENTS / 500; batch++) {
        const res = await api(running.url, '/api/v1/events', Array.from({ length: 500 }, (_, i) => ({ event: 'update', name: `obj-${batch}-${i}` })));
        assert.equal(res.status, 202);
        for (const item of ((await res.json()) as { items: Array<{ id: string }> }).items) accepted.add(item.id);
      }
      assert.equal(accepted.size, EVENTS);
      await receiver.waitFor(200, 60_000);
      assert.equal(await kill(running, 'SIGKILL'), null, 'killed by signal, not a clean exit');
      const beforeRestart = seen.size;
      assert.ok(beforeRestart < EVENTS, `the kill came while deliveries were still in flight (${beforeRestart} of ${EVENTS} delivered)`);

      running = await spawnHerald(env);
      await eventually(() => (seen.size >= EVENTS ? true : undefined), 90_000, 100);
      for (const id of accepted) {
        const ids = seen.get(id);
        assert.ok(ids !== undefined, `event ${id} reached the receiver`);
        assert.equal(ids.size, 1, `event ${id} kept one webhook-id across the crash`);
      }
    } finally {
      await receiver.close();
    }
  });
});
