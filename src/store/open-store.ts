import { join } from 'node:path';
import type { AccountStore } from '../app/ports/account-repository.ts';
import { HeraldError } from '../core/errors.ts';
import type { SecretBox } from './secret-box.ts';
import { SqliteAccountStore } from './sqlite/sqlite-accounts.ts';
import { SqliteDb } from './sqlite/sqlite-db.ts';
import { guardStore } from './store-failure.ts';
import { SqliteStore } from './sqlite/sqlite-store.ts';
import type { Store } from './store.ts';

export interface StoreOpenOptions { dataDir: string; secrets: SecretBox; synchronous: 'FULL' | 'NORMAL' }

/**
 * The store and the account tables, opened once from one store URL on one
 * connection (SQLite) or one pool (PostgreSQL). `store.close()` closes that
 * connection or pool; `accounts.close()` leaves it to the store, so close the
 * accounts first.
 */
export interface OpenedStores { store: Store; accounts: AccountStore }

/** The size of the one PostgreSQL pool: deliveries, ingest and the API's account look-ups share it. */
const POSTGRES_POOL_MAX = 10;

/**
 * The one place that picks the backend from the URL: `sqlite:<path>` (or no
 * URL: <dataDir>/herald.db) for one process, `postgres://…[?schema=NAME]` for
 * many replicas.
 */
export async function openStores(url: string | undefined, opts: StoreOpenOptions): Promise<OpenedStores> {
  if (url === undefined || url.startsWith('sqlite:')) {
    const path = url === undefined ? join(opts.dataDir, 'herald.db') : url.slice('sqlite:'.length);
    let connection: SqliteDb;
    try {
      connection = new SqliteDb(path, opts.synchronous);
    } catch (err) {
      throw new HeraldError('STORE_UNAVAILABLE', `cannot open the SQLite store at ${path}: ${(err as Error).message}`);
    }
    try {
      const store = new SqliteStore({ path, secrets: opts.secrets, connection });
      return guarded({ store, accounts: new SqliteAccountStore({ connection }) });
    } catch (err) {
      connection.close();
      throw err;
    }
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const { openPool, splitSchema } = await import('./postgres/postgres-connection.ts');
    const { postgresStoreOnPool } = await import('./postgres/postgres-store.ts');
    const { accountStoreOnPool } = await import('./postgres/postgres-accounts.ts');
    const { url: pgUrl, schema } = splitSchema(url);
    const pool = openPool({ url: pgUrl, schema, max: POSTGRES_POOL_MAX });
    try {
      const store = await postgresStoreOnPool(pool, schema, opts.secrets, pgUrl);
      return guarded({ store, accounts: await accountStoreOnPool(pool, schema, false) });
    } catch (err) {
      await pool.end();
      throw err;
    }
  }
  throw new HeraldError('CONFIG_INVALID', `store.url must start with sqlite: or postgres://, not "${url.split(':')[0]}:"`, 'store.url');
}

/** A failure of either (connection lost, disk full) surfaces as STORE_UNAVAILABLE naming its cause. */
function guarded(opened: OpenedStores): OpenedStores {
  return { store: guardStore(opened.store), accounts: guardStore(opened.accounts) };
}

/** The store alone (tools and tests); the account tables are created on the same connection but not handed out. */
export async function openStore(url: string | undefined, opts: StoreOpenOptions): Promise<Store> {
  return (await openStores(url, opts)).store;
}
