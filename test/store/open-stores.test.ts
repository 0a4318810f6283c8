import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { openStores } from '../../src/store/open-store.ts';
import { SecretBox } from '../../src/store/secret-box.ts';
import { eventually } from '../support/herald.ts';
import { tempDir } from '../support/temp-dir.ts';
import { dropSchemas, newSchema, PG_URL } from './pg-support.ts';

/** One store URL opens the store and the account tables once, on one connection (SQLite) or one pool (PostgreSQL). */
const secrets = SecretBox.fromString(SecretBox.generateKey());
const opts = (dataDir: string) => ({ dataDir, secrets, synchronous: 'NORMAL' as const });

describe('openStores', () => {
  const schemas: string[] = [];
  after(() => dropSchemas(...schemas));

  it('SQLite: the store and the accounts share one connection, which the store closes', async () => {
    const dir = tempDir('open-stores');
    const { store, accounts } = await openStores(`sqlite:${join(dir, 'h.db')}`, opts(dir));
    assert.equal(await accounts.countUsers(), 0);
    assert.deepEqual(await store.listWebhooks(), []);
    await accounts.close();
    // The accounts do not own the connection: the store still works after they close.
    assert.deepEqual(await store.listWebhooks(), []);
    await store.close();
    await assert.rejects(accounts.countUsers(), 'the shared connection is closed with the store');
  });

  it('PostgreSQL: the store and the accounts share one pool, never more than its 10 connections', async () => {
    const schema = newSchema();
    schemas.push(schema);
    const app = `herald-open-${randomBytes(4).toString('hex')}`;
    const url = `${PG_URL}?schema=${schema}&application_name=${app}`;
    const { store, accounts } = await openStores(url, opts('/tmp'));
    const backends = async () => {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        return Number((await client.query('SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1', [app])).rows[0].n);
      } finally {
        await client.end();
      }
    };
    // Both tables locked from outside: 20 reads through each side wait, each holding a pooled connection.
    // Two pools (10 for the store, 4 for the accounts) would hold 14; the one pool holds 10.
    const locker = new pg.Client({ connectionString: PG_URL, options: `-c search_path="${schema}"` });
    await locker.connect();
    await locker.query('BEGIN; LOCK TABLE webhooks, users IN ACCESS EXCLUSIVE MODE');
    const reads = Promise.all(Array.from({ length: 20 }, () => [store.listWebhooks(), accounts.countUsers()]).flat());
    const waiting = await eventually(async () => {
      const n = await backends();
      return n >= 10 ? n : undefined;
    });
    await locker.query('COMMIT');
    await locker.end();
    await reads;
    assert.equal(waiting, 10);
    await accounts.close();
    assert.deepEqual(await store.listWebhooks(), [], 'closing the accounts leaves the shared pool to the store');
    await store.close();
    assert.equal(await backends(), 0);
  });
});
