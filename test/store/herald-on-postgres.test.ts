import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import pino from 'pino';
import type { PostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { startTestHerald, type TestHerald } from '../support/herald.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';

const SCHEMA = `herald_e2e_${process.pid}_${Date.now()}`;
const BASE = 'postgres://postgres@127.0.0.1:5432/test';

describe('Herald on PostgreSQL', () => {
  let herald: TestHerald;
  let receiver: Receiver;
  const logged: Array<{ level: number; msg: string; err?: { message: string } }> = [];
  before(async () => {
    receiver = await startReceiver();
    const logger = pino({ level: 'warn' }, { write: (line: string) => { logged.push(JSON.parse(line)); } });
    herald = await startTestHerald({ store: { url: `${BASE}?schema=${SCHEMA}`, synchronous: 'FULL' } }, { logger });
  });
  after(async () => {
    await herald?.close();
    await receiver.close();
    const client = new pg.Client({ connectionString: BASE });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await client.end();
  });

  it('keeps webhooks, events, deliveries and accounts in its own schema and delivers', async () => {
    const wh = await herald.api('/api/v1/webhooks', { body: { name: 'pg', url: receiver.url, secret: 'postgres-secret-value' } });
    assert.equal(wh.status, 201);
    await herald.api('/api/v1/events', { body: { event: 'create', resource: 'Deployment', name: 'api' } });
    const [req] = await receiver.waitFor(1);
    assert.equal(JSON.parse(req!.body).name, 'api');
    const client = new pg.Client({ connectionString: BASE });
    await client.connect();
    try {
      const tables = (await client.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [SCHEMA])).rows.map((r) => r.table_name);
      for (const t of ['webhooks', 'events', 'deliveries', 'attempts']) assert.ok(tables.includes(t), `${t} in ${tables.join(',')}`);
      const sealed = (await client.query(`SELECT sealed FROM ${SCHEMA}.webhooks`)).rows[0].sealed as string;
      assert.doesNotMatch(sealed, /postgres-secret-value/, 'secrets sealed at rest');
    } finally {
      await client.end();
    }
    const users = await herald.api('/api/v1/users');
    assert.equal(users.status, 200);
    assert.ok(users.body.items.some((u: { name: string }) => u.name === 'admin'), 'first-run admin created in PostgreSQL');
  });

  it('logs a lost LISTEN connection with its cause, and listens again', async () => {
    const listener = (herald.store as PostgresStore).wakeListener!;
    await listener.ready;
    const connects = listener.connects;
    const client = new pg.Client({ connectionString: BASE });
    await client.connect();
    await client.query('SELECT pg_terminate_backend($1)', [listener.pid]);
    await client.end();
    while (listener.connects === connects) await new Promise((r) => setTimeout(r, 20));
    const warning = logged.find((l) => /LISTEN connection/.test(l.msg));
    assert.ok(warning !== undefined, JSON.stringify(logged));
    assert.equal(warning.level, 40, 'a warning');
    assert.match(warning.err!.message, /terminat/i);
  });

  it('refuses a bad schema name with a config error', async () => {
    const { openStore } = await import('../../src/store/open-store.ts');
    const { SecretBox } = await import('../../src/store/secret-box.ts');
    await assert.rejects(openStore(`${BASE}?schema=bad;drop`, { dataDir: '/tmp', secrets: SecretBox.fromString(SecretBox.generateKey()), synchronous: 'FULL' }),
      (e: any) => e.code === 'CONFIG_INVALID' && e.field === 'store.url');
  });
});
