import type pg from 'pg';
import { HeraldError } from '../../core/errors.ts';
import {
  applyUserChange, duplicateUserName, losesAdmin, rowToAudit, rowToSession, rowToToken, rowToUser,
  type AccountStore, type ApiToken, type AuditEntry, type AuditQuery, type AuditRow, type LastAdminGuarded, type Session,
  type SessionRow, type TokenRow, type User, type UserChange, type UserRow,
} from '../accounts.ts';
import type { Page } from '../store.ts';
import { auditQuerySql } from '../audit-query-sql.ts';
import { quoteIdent } from './postgres-db.ts';
import { openPool } from './postgres-connection.ts';

/**
 * Created if missing at open, under an advisory lock so replicas starting
 * together do not race on CREATE TABLE. Apart from the main store's
 * migrations on purpose.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS users (
    id text PRIMARY KEY,
    name text NOT NULL UNIQUE,
    role text NOT NULL,
    password_hash text NOT NULL,
    disabled boolean NOT NULL DEFAULT false,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL
  );
  CREATE TABLE IF NOT EXISTS api_tokens (
    id text PRIMARY KEY,
    name text NOT NULL,
    user_id text REFERENCES users(id) ON DELETE CASCADE,
    role text NOT NULL,
    hash text NOT NULL UNIQUE,
    prefix text NOT NULL,
    created_at bigint NOT NULL,
    last_used_at bigint,
    expires_at bigint
  );
  CREATE INDEX IF NOT EXISTS api_tokens_by_user ON api_tokens (user_id, id);
  CREATE TABLE IF NOT EXISTS sessions (
    hash text PRIMARY KEY,
    user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at bigint NOT NULL,
    expires_at bigint NOT NULL,
    last_seen_at bigint NOT NULL
  );
  CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions (user_id);
  CREATE TABLE IF NOT EXISTS audit_log (
    id text PRIMARY KEY,
    at bigint NOT NULL,
    actor_id text,
    actor_name text NOT NULL,
    action text NOT NULL,
    target_type text NOT NULL,
    target_id text,
    target_name text,
    summary text NOT NULL
  );
`;

/** An arbitrary constant naming the advisory lock that serialises schema creation. */
const SCHEMA_LOCK = 0x68726461; // "hrda"

export interface PostgresAccountOptions {
  url: string;
  /** Tables live in this schema (created if missing); tests use a fresh one per run. */
  schema?: string;
  max?: number;
}

/** The account store on a pool of its own (the conformance suite); Herald shares the store's pool (open-store.ts). */
export async function openPostgresAccountStore(opts: PostgresAccountOptions): Promise<PostgresAccountStore> {
  const pool = openPool({ url: opts.url, schema: opts.schema, max: opts.max ?? 4 });
  try {
    return await accountStoreOnPool(pool, opts.schema, true);
  } catch (err) {
    await pool.end();
    throw err;
  }
}

/** Creates the account tables if missing and returns the store using `pool`; closes the pool on close() only when `owned`. */
export async function accountStoreOnPool(pool: pg.Pool, schema: string | undefined, owned: boolean): Promise<PostgresAccountStore> {
  const store = new PostgresAccountStore(pool, owned);
  try {
    await store.tx(async (db) => {
      await db.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
      if (schema !== undefined) await db.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      await db.query(SCHEMA);
    });
  } catch (err) {
    throw new HeraldError('STORE_UNAVAILABLE', `cannot open the account tables in PostgreSQL: ${(err as Error).message}`, { cause: err });
  }
  return store;
}

type Db = Pick<pg.PoolClient, 'query'>;

export class PostgresAccountStore implements AccountStore {
  readonly #pool: pg.Pool;
  /** A shared pool is the main store's to end. */
  readonly #owned: boolean;

  constructor(pool: pg.Pool, owned = true) {
    this.#pool = pool;
    this.#owned = owned;
  }

  async tx<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  async #rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.#pool.query(sql, params)).rows as T[];
  }

  async #count(sql: string, params: unknown[] = []): Promise<number> {
    return (await this.#pool.query(sql, params)).rowCount ?? 0;
  }

  async close(): Promise<void> {
    if (this.#owned) await this.#pool.end();
  }

  async countUsers(): Promise<number> {
    const [row] = await this.#rows<{ n: string }>('SELECT count(*) AS n FROM users');
    return Number(row!.n);
  }

  async createUser(u: User): Promise<void> {
    try {
      await this.#pool.query(`INSERT INTO users (id, name, role, password_hash, disabled, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7)`, [u.id, u.name, u.role, u.passwordHash, u.disabled, u.createdAt, u.updatedAt]);
    } catch (err) {
      if ((err as { code?: string; constraint?: string }).code === '23505' && /name/.test((err as { constraint?: string }).constraint ?? '')) {
        throw duplicateUserName(u.name, err);
      }
      throw err;
    }
  }

  async getUser(id: string): Promise<User | undefined> {
    const [row] = await this.#rows<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
    return row === undefined ? undefined : rowToUser(row);
  }

  async getUserByName(name: string): Promise<User | undefined> {
    const [row] = await this.#rows<UserRow>('SELECT * FROM users WHERE name = $1', [name]);
    return row === undefined ? undefined : rowToUser(row);
  }

  async listUsers(): Promise<User[]> {
    return (await this.#rows<UserRow>('SELECT * FROM users ORDER BY name')).map(rowToUser);
  }

  /**
   * Locks every enabled admin row first: two admins demoting each other at
   * once serialise here, and the second then sees only the admins left
   * (FOR UPDATE re-checks its WHERE on the row's newest version).
   */
  async #guarded<T>(id: string, change: UserChange, write: (db: Db, user: User) => Promise<T>): Promise<LastAdminGuarded<T>> {
    return this.tx(async (db) => {
      const admins = (await db.query(`SELECT id FROM users WHERE role = 'admin' AND NOT disabled ORDER BY id FOR UPDATE`)).rows as Array<{ id: string }>;
      const row = (await db.query('SELECT * FROM users WHERE id = $1 FOR UPDATE', [id])).rows[0] as UserRow | undefined;
      if (row === undefined) return 'not-found';
      const user = rowToUser(row);
      if (losesAdmin(user, change) && admins.every((a) => a.id === id)) return 'last-admin';
      return write(db, user);
    });
  }

  async updateUser(id: string, change: UserChange, now: number): Promise<LastAdminGuarded<User>> {
    return this.#guarded(id, change, async (db, user) => {
      const next = applyUserChange(user, change, now);
      await db.query('UPDATE users SET role = $1, password_hash = $2, disabled = $3, updated_at = $4 WHERE id = $5',
        [next.role, next.passwordHash, next.disabled, next.updatedAt, id]);
      return next;
    });
  }

  async deleteUser(id: string): Promise<LastAdminGuarded<'deleted'>> {
    return this.#guarded(id, { disabled: true }, async (db) => {
      await db.query('DELETE FROM users WHERE id = $1', [id]);
      return 'deleted' as const;
    });
  }

  async createToken(t: ApiToken): Promise<void> {
    await this.#pool.query(`INSERT INTO api_tokens (id, name, user_id, role, hash, prefix, created_at, last_used_at, expires_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [t.id, t.name, t.userId, t.role, t.hash, t.prefix, t.createdAt, t.lastUsedAt, t.expiresAt]);
  }

  async getTokenByHash(hash: string): Promise<ApiToken | undefined> {
    const [row] = await this.#rows<TokenRow>('SELECT * FROM api_tokens WHERE hash = $1', [hash]);
    return row === undefined ? undefined : rowToToken(row);
  }

  async getToken(id: string): Promise<ApiToken | undefined> {
    const [row] = await this.#rows<TokenRow>('SELECT * FROM api_tokens WHERE id = $1', [id]);
    return row === undefined ? undefined : rowToToken(row);
  }

  async listTokens(userId?: string | null): Promise<ApiToken[]> {
    const rows = userId === undefined
      ? await this.#rows<TokenRow>('SELECT * FROM api_tokens ORDER BY id COLLATE "C" DESC')
      : await this.#rows<TokenRow>('SELECT * FROM api_tokens WHERE user_id IS NOT DISTINCT FROM $1 ORDER BY id COLLATE "C" DESC', [userId]);
    return rows.map(rowToToken);
  }

  async deleteToken(id: string): Promise<boolean> {
    return (await this.#count('DELETE FROM api_tokens WHERE id = $1', [id])) > 0;
  }

  async touchToken(id: string, now: number): Promise<void> {
    await this.#pool.query('UPDATE api_tokens SET last_used_at = $1 WHERE id = $2', [now, id]);
  }

  async createSession(s: Session): Promise<void> {
    await this.#pool.query('INSERT INTO sessions (hash, user_id, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $5)',
      [s.hash, s.userId, s.createdAt, s.expiresAt, s.lastSeenAt]);
  }

  async getSession(hash: string): Promise<Session | undefined> {
    const [row] = await this.#rows<SessionRow>('SELECT * FROM sessions WHERE hash = $1', [hash]);
    return row === undefined ? undefined : rowToSession(row);
  }

  async touchSession(hash: string, expiresAt: number, now: number): Promise<boolean> {
    return (await this.#count('UPDATE sessions SET expires_at = $1, last_seen_at = $2 WHERE hash = $3', [expiresAt, now, hash])) > 0;
  }

  async deleteSession(hash: string): Promise<boolean> {
    return (await this.#count('DELETE FROM sessions WHERE hash = $1', [hash])) > 0;
  }

  async deleteUserSessions(userId: string): Promise<number> {
    return this.#count('DELETE FROM sessions WHERE user_id = $1', [userId]);
  }

  async deleteExpiredSessions(now: number): Promise<number> {
    return this.#count('DELETE FROM sessions WHERE expires_at <= $1', [now]);
  }

  async appendAudit(e: AuditEntry): Promise<void> {
    await this.#pool.query(`INSERT INTO audit_log (id, at, actor_id, actor_name, action, target_type, target_id, target_name, summary)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [e.id, e.at, e.actor.id, e.actor.name, e.action, e.target.type, e.target.id, e.target.name, e.summary]);
  }

  async listAudit(cursor: string | undefined, limit: number, query?: AuditQuery): Promise<Page<AuditEntry>> {
    // COLLATE "C": ids compare byte-wise, as they do in SQLite, whatever the database's collation.
    const { sql, params } = auditQuerySql({ param: (i) => `$${i}`, id: 'id COLLATE "C"' }, cursor, limit, query);
    const rows = await this.#rows<AuditRow>(sql, params);
    const items = rows.slice(0, limit).map(rowToAudit);
    return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
  }
}
