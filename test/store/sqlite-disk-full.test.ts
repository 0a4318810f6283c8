import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import pino from 'pino';
import { ConfigSchema } from '../../src/config/config-schema.ts';
import { startHerald, type Herald } from '../../src/herald.ts';
import { ADMIN_TOKEN, eventually } from '../support/herald.ts';
import { startReceiver } from '../support/receiver.ts';
import { mountSmallDisk } from '../support/small-disk.ts';

/**
 * A full disk under the embedded store: ingest must answer 503 with a JSON
 * error that names the cause (so a sender retries and an operator knows
 * why), nothing half-written, and Herald carries on by itself once space is back.
 */
describe('SQLite store on a full disk', () => {
  const disk = mountSmallDisk(8);
  let herald: Herald | undefined;
  after(async () => {
    await herald?.stop().catch(() => {});
    if (typeof disk !== 'string') disk.unmount();
  });

  it('answers ingest with 503 STORE_UNAVAILABLE naming SQLITE_FULL, and delivers again once space is freed', { timeout: 60_000 }, async (t) => {
    if (typeof disk === 'string') { t.skip(`SKIPPED LOUDLY: ${disk}`); return; }
    const received: string[] = [];
    const receiver = await startReceiver((req) => { received.push(JSON.parse(req.body).id as string); return { status: 200 }; });
    try {
      herald = await startHerald(ConfigSchema.parse({
        server: { host: '127.0.0.1', port: 0 }, dataDir: disk.dir, auth: { adminToken: ADMIN_TOKEN },
        delivery: { allowedNetworks: ['127.0.0.0/8'], idlePollMs: 100 },
      }), { logger: pino({ level: 'silent' }) });
      const base = herald.url;
      const post = async (path: string, body: unknown) => {
        const res = await fetch(`${base}${path}`, {
          method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
        });
        return { status: res.status, body: await res.json() as any };
      };
      assert.equal((await post('/api/v1/webhooks', { name: 'disk', url: receiver.url })).status, 201);

      disk.fill();
      // Large events, so the write needs pages the disk no longer has.
      const big = 'x'.repeat(200_000);
      let refused: { status: number; body: any } | undefined;
      for (let i = 0; i < 20 && refused === undefined; i++) {
        const r = await post('/api/v1/events', { event: 'update', name: `full-${i}`, summary: 'disk full', data: { big } });
        if (r.status !== 202) refused = r;
      }
      assert.ok(refused !== undefined, 'an ingest on the full disk was refused');
      assert.equal(refused.status, 503);
      assert.equal(refused.body.error.code, 'STORE_UNAVAILABLE');
      assert.match(refused.body.error.message, /disk is full \(SQLITE_FULL\)/);

      disk.free();
      const ok = await eventually(async () => {
        const r = await post('/api/v1/events', { event: 'update', name: 'after-free' });
        return r.status === 202 ? r : undefined;
      }, 20_000, 100);
      const id = ok.body.items[0].id as string;
      await eventually(() => (received.includes(id) ? true : undefined), 20_000, 50);
    } finally {
      await receiver.close();
    }
  });
});
