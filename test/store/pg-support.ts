import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { SecretBox } from '../../src/store/secret-box.ts';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/postgres-store.ts';

/**
 * PostgreSQL 15 on loopback (trust auth). Each store gets a fresh schema,
 * herald_test_<run>_<n>, dropped by dropSchemas().
 */
export const PG_URL = process.env.HERALD_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const secrets = new SecretBox(Buffer.alloc(32, 7));
const run = randomBytes(4).toString('hex');
let n = 0;

export function newSchema(): string {
  return `herald_test_${run}_${n++}`;
}

export function openInSchema(schema: string, max?: number): Promise<PostgresStore> {
  return openPostgresStore({ url: PG_URL, secrets, schema, ...(max === undefined ? {} : { max }) });
}

/** A plain client whose unqualified names resolve in `schema`, to look at or hold rows from outside the store. */
export async function clientIn(schema: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: PG_URL, options: `-c search_path="${schema}"` });
  await client.connect();
  return client;
}

export async function dropSchemas(...schemas: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  } finally {
    await client.end();
  }
}
