import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SecretBox } from '../../../src/store/secret-box.ts';
import { DEPLOYMENTS, FakeKubeApi } from '../../fake-kube-api/server.ts';
import { writeKubeconfig } from '../../fake-kube-api/kubeconfig.ts';
import { eventually } from '../../support/herald.ts';
import { kill, spawnHerald, type HeraldProcess } from '../../support/herald-process.ts';
import { startReceiver, type Receiver } from '../../support/receiver.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { dropSchemas, newSchema, PG_URL } from '../../store/pg-support.ts';
import { deployment } from './harness.ts';

/**
 * Two `herald serve` processes on one PostgreSQL schema, both configured to
 * watch the same cluster: exactly one watches (one open watch on the API
 * server, leader gauge 1 on one replica and 0 on the other). SIGKILL the
 * leader while changes go on; the standby takes the lease within 15 s
 * (lease 10 s, renewal every 3 s) and every change reaches the receiver as one
 * event with one webhook-id: nothing lost across the gap (the new leader's list
 * is diffed against the shared state), nothing doubled (the dead leader's
 * last writes either committed with their state or not at all).
 */
const CHANGES = 80;
const TOKEN = 'failover-admin-token-0123456789ab';

describe('cluster watch: leader failover between replicas', () => {
  const schema = newSchema();
  let api: FakeKubeApi;
  let receiver: Receiver;
  const replicas: HeraldProcess[] = [];
  /** Per changed object: the event ids and webhook-ids it arrived with, and how many requests. */
  const seen = new Map<string, { events: Set<string>; webhookIds: Set<string>; requests: number }>();

  before(async () => {
    api = await FakeKubeApi.start();
    for (let i = 0; i < CHANGES; i++) api.create(DEPLOYMENTS, deployment(`app-${i}`, 1));
    receiver = await startReceiver((req) => {
      const body = JSON.parse(req.body) as { id: string; name: string };
      const entry = seen.get(body.name) ?? { events: new Set(), webhookIds: new Set(), requests: 0 };
      entry.events.add(body.id);
      entry.webhookIds.add(String(req.headers['webhook-id']));
      entry.requests++;
      seen.set(body.name, entry);
      return { status: 200 };
    });
  });
  after(async () => {
    for (const r of replicas) await kill(r, 'SIGKILL');
    await receiver.close();
    await api.close();
    await dropSchemas(schema);
  });

  async function leads(r: HeraldProcess): Promise<number | undefined> {
    const text = await (await fetch(`${r.url}/metrics`)).text();
    const m = /^herald_cluster_watch_leader\{cluster="prod"\} (\d)/m.exec(text);
    return m === null ? undefined : Number(m[1]);
  }

  function start(name: string): Promise<HeraldProcess> {
    const dir = tempDir(`failover-${name}`);
    const kubeconfig = writeKubeconfig(dir, [{ name: 'prod', server: api.url }]);
    const config = join(dir, 'herald.yaml');
    writeFileSync(config, JSON.stringify({
      watch: { clusters: [{ name: 'prod', kubeconfig }], kinds: ['Deployment'] },
      webhooks: [{ name: 'failover', url: receiver.url, secret: 'failover-webhook-secret-0123' }],
    }));
    return spawnHerald({
      HERALD_CONFIG: config, HERALD_DATA_DIR: dir, HERALD_STORE_URL: `${PG_URL}?schema=${schema}`,
      HERALD_SECRET_KEY: SECRET_KEY, HERALD_ADMIN_TOKEN: TOKEN, HERALD_ALLOWED_NETWORKS: '127.0.0.0/8',
    });
  }

  it('keeps one watcher, fails over within 15 s of a SIGKILL, and announces every change exactly once', { timeout: 240_000 }, async () => {
    const a = await start('a');
    replicas.push(a);
    await eventually(async () => ((await leads(a)) === 1 ? true : undefined), 15_000, 100);
    const b = await start('b');
    replicas.push(b);
    assert.equal(await leads(b), 0, 'the second replica stands by');
    assert.equal((await fetch(`${b.url}/readyz`)).status, 200, 'and is ready all the same');
    await eventually(() => (api.openWatches === 1 ? true : undefined), 10_000, 50);
    assert.equal(api.requests.filter((r) => r.includes('watch=1')).length, 1, 'one watch on the API server, from the leader only');

    let killedAt = 0;
    let tookOverMs = 0;
    const takeover = (async () => {
      await eventually(() => (killedAt > 0 ? true : undefined), 120_000, 20);
      await eventually(async () => ((await leads(b)) === 1 ? true : undefined), 30_000, 100);
      tookOverMs = Date.now() - killedAt;
    })();
    for (let i = 0; i < CHANGES; i++) {
      api.scale(DEPLOYMENTS, 'default', `app-${i}`, 2);
      if (i === 15) {
        await eventually(() => (seen.size >= 5 ? true : undefined), 30_000, 20); // the leader is announcing
        assert.equal(await kill(a, 'SIGKILL'), null, 'killed by the signal');
        killedAt = Date.now();
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    await takeover;
    assert.ok(tookOverMs <= 15_000, `the standby took over ${tookOverMs} ms after the kill (at most 15 s)`);
    console.log(`# standby took over ${tookOverMs} ms after SIGKILL`);

    // Deliveries the dead replica had leased come back when their lease expires; wait for all.
    await eventually(() => (seen.size >= CHANGES ? true : undefined), 150_000, 200);
    for (let i = 0; i < CHANGES; i++) {
      const entry = seen.get(`app-${i}`);
      assert.ok(entry !== undefined, `app-${i}'s scale was announced`);
      assert.equal(entry.events.size, 1, `app-${i}: one event`);
      assert.equal(entry.webhookIds.size, 1, `app-${i}: one delivery (one webhook-id)`);
    }
    assert.equal(seen.size, CHANGES, 'nothing but the changes: the first sync announced none of the existing objects');
  });
});

const SECRET_KEY = SecretBox.generateKey();
