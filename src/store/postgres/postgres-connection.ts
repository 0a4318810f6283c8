import pg from 'pg';
import { HeraldError } from '../../core/errors.ts';
import { quoteIdent } from './postgres-db.ts';

/**
 * `postgres://user@host/db?schema=herald` keeps Herald's tables in their own
 * schema. `schema` is Herald's parameter, not libpq's, so it is taken off the
 * URL before `pg` sees it.
 */
export function splitSchema(url: string): { url: string; schema: string | undefined } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (err) {
    throw new HeraldError('CONFIG_INVALID', 'store.url is not a valid postgres:// URL', { field: 'store.url', cause: err });
  }
  const schema = parsed.searchParams.get('schema') ?? undefined;
  if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new HeraldError('CONFIG_INVALID', 'store.url: schema must be letters, digits and "_"', 'store.url');
  }
  parsed.searchParams.delete('schema');
  return { url: parsed.toString(), schema };
}

/**
 * A pool whose sessions use `schema` (when given) as their search path, so the
 * store and the account tables land in the same schema.
 */
export function openPool(opts: { url: string; schema?: string | undefined; max: number }): pg.Pool {
  const pool = new pg.Pool({
    connectionString: opts.url, max: opts.max,
    // A database that does not answer must fail a request (503) rather than hang it.
    connectionTimeoutMillis: 5000,
    ...(opts.schema === undefined ? {} : { options: `-c search_path=${quoteIdent(opts.schema)}` }),
  });
  pool.on('error', () => { /* an idle client died; the pool replaces it on next use */ });
  // A client checked out (in a transaction, a claim) whose backend is terminated emits 'error' too, and
  // with no listener that ends the process: seen in 2 of 3 runs of pg_terminate_backend during delivery.
  // The query in progress rejects with the same error, so the caller still learns of it.
  pool.on('connect', (client) => { client.on('error', () => {}); });
  return pool;
}
