import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPostgresAccountStore } from '../../src/store/postgres/postgres-accounts.ts';
import { runAccountStoreCases } from './accounts.case.ts';

/** PostgreSQL 15 on loopback (trust auth); every store gets a fresh schema, all dropped at the end. */
const URL = process.env.HERALD_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const run = randomBytes(4).toString('hex');
const schemas: string[] = [];

runAccountStoreCases('PostgreSQL', {
  async open() {
    const schema = `herald_access_${run}_${schemas.length}`;
    schemas.push(schema);
    return openPostgresAccountStore({ url: URL, schema });
  },
  async cleanup() {
    const client = new pg.Client({ connectionString: URL });
    await client.connect();
    try {
      for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
    } finally {
      await client.end();
    }
  },
});
