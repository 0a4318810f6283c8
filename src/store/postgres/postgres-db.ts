/**
 * The part of node-postgres the store uses, as structural types: the SQL
 * modules take any `Queryable` (a pool, or a client inside a transaction), and
 * only postgres-store.ts imports `pg` itself.
 */
export interface QueryResultLike<R> {
  rows: R[];
  rowCount: number | null;
}

/**
 * A named query is prepared once per connection and its plan reused: the
 * claim's two statements each took ~1 ms to plan, as long as they took to run.
 */
export interface NamedQuery {
  name: string;
  text: string;
  values: unknown[];
}

export interface Queryable {
  query<R = any>(textOrQuery: string | NamedQuery, values?: unknown[]): Promise<QueryResultLike<R>>;
}

export interface PoolClientLike extends Queryable {
  release(err?: Error | boolean): void;
}

export interface PoolLike extends Queryable {
  connect(): Promise<PoolClientLike>;
  end(): Promise<void>;
}

/** Runs `fn` in one transaction on one pooled connection; rolls back on any error. */
export async function inTransaction<T>(pool: PoolLike, fn: (db: Queryable) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (err) {
    // A connection whose ROLLBACK failed is broken: release(err) destroys it instead of pooling it.
    await client.query('ROLLBACK').then(() => client.release(), (e: Error) => client.release(e));
    throw err;
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * PostgreSQL text cannot hold U+0000 (SQLite can). Receivers' response bodies
 * and error text are not ours to refuse, so NUL becomes U+FFFD; otherwise one
 * odd response would fail completeAttempt and the delivery would be retried
 * until its attempts ran out, each time failing to record.
 */
export function storableText(text: string | null): string | null {
  return text === null ? null : text.replaceAll('\u0000', '\ufffd');
}

/** PostgreSQL's unique_violation. */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint?: string };
  return e.code === '23505' && e.constraint === constraint;
}
