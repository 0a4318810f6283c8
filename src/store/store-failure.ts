import { HeraldError } from '../core/errors.ts';

/**
 * Tells a store that cannot do its job right now (the database is gone, the
 * disk is full) from a bug. Such failures become STORE_UNAVAILABLE (HTTP 503,
 * so a sender retries) with a message naming the real cause, and keep the
 * driver's error as `cause` for the log; anything else passes through.
 */

/** node-postgres and Node socket errors that mean "no usable connection", not "bad statement". */
const PG_CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  '57P01', // admin_shutdown: pg_terminate_backend, a failover
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or in recovery
  '53300', // too_many_connections
  '25006', // read_only_sql_transaction: connected to a standby after a failover
]);
const PG_CONNECTION_MESSAGES = /Connection terminated|connection error|Client was closed|timeout exceeded when trying to connect|the database system is (starting up|shutting down)/i;

/** SQLite result codes (primary, from errcode & 0xff) that are the machine's fault, not the query's. */
const SQLITE_CAUSES = new Map<number, string>([
  [5, 'the database file is locked by another process (SQLITE_BUSY)'],
  [8, 'the database file is read-only (SQLITE_READONLY)'],
  [10, 'the disk could not be read or written (SQLITE_IOERR)'],
  [13, 'the disk is full (SQLITE_FULL)'],
  [14, 'the database file cannot be opened (SQLITE_CANTOPEN)'],
]);

export function storeFailure(err: unknown): HeraldError | undefined {
  if (err instanceof HeraldError) return err.code === 'STORE_UNAVAILABLE' ? err : undefined;
  if (err === null || typeof err !== 'object') return undefined;
  const e = err as { code?: unknown; errcode?: unknown; message?: unknown };
  const message = typeof e.message === 'string' ? e.message : '';
  if (typeof e.errcode === 'number') {
    const cause = SQLITE_CAUSES.get(e.errcode & 0xff);
    return cause === undefined ? undefined : unavailable(`the SQLite store failed: ${cause}`, err);
  }
  if ((typeof e.code === 'string' && PG_CONNECTION_CODES.has(e.code)) || (typeof e.code === 'string' && e.code.startsWith('08'))
    || PG_CONNECTION_MESSAGES.test(message)) {
    const code = typeof e.code === 'string' ? ` (${e.code})` : '';
    return unavailable(`the PostgreSQL store cannot be reached: ${message || 'connection lost'}${code}`, err);
  }
  return undefined;
}

/** Rethrows a store failure as STORE_UNAVAILABLE; other errors unchanged. */
export function translateStoreError(err: unknown): never {
  throw storeFailure(err) ?? err;
}

function unavailable(message: string, cause: unknown): HeraldError {
  const error = new HeraldError('STORE_UNAVAILABLE', `${message}; retry later`);
  (error as { cause?: unknown }).cause = cause;
  return error;
}

/**
 * Wraps a store so every method's failure goes through `storeFailure`: one
 * place for both backends and the account tables, instead of a try in each
 * of their methods. Properties that are not functions pass through.
 */
export function guardStore<T extends object>(store: T): T {
  return new Proxy(store, {
    get(target, key) {
      // The target, not the proxy, as receiver: getters may read private fields.
      const value: unknown = Reflect.get(target, key);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        try {
          const result: unknown = value.apply(target, args);
          return result instanceof Promise ? result.catch(translateStoreError) : result;
        } catch (err) {
          return translateStoreError(err);
        }
      };
    },
  });
}
