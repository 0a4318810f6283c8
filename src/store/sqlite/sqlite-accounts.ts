import { HeraldError } from '../../core/errors.ts';
import {
  applyUserChange, duplicateUserName, losesAdmin, rowToAudit, rowToSession, rowToToken, rowToUser,
  type AccountStore, type ApiToken, type AuditEntry, type AuditQuery, type AuditRow, type LastAdminGuarded, type Session,
  type SessionRow, type TokenRow, type User, type UserChange, type UserRow,
} from '../accounts.ts';
import type { Page } from '../store.ts';
import { auditQuerySql } from '../audit-query-sql.ts';
import { SqliteDb } from './sqlite-db.ts';

/**
 * Its own tables, created if missing at open: they are not in the main store's
 * `user_version` migrations, so the two can evolve without colliding.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS users (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS api_tokens (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER,
    expires_at INTEGER
  );
  CREATE INDEX IF NOT EXISTS api_tokens_by_user ON api_tokens (user_id, id);
  CREATE TABLE IF NOT EXISTS sessions (
    hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions (user_id);
  CREATE TABLE IF NOT EXISTS audit_log (
    id TEXT PRIMARY KEY,
    at INTEGER NOT NULL,
    actor_id TEXT,
    actor_name TEXT NOT NULL,
    action TEXT NOT NULL,
    target_type TEXT NOT NULL,
    target_id TEXT,
    target_name TEXT,
    summary TEXT NOT NULL
  );
`;

/**
 * The account tables on the store's own connection (open-store.ts), or on a
 * connection of their own when given a path. Sharing is safe because no
 * transaction on it spans an await: node:sqlite is synchronous and Node has
 * one thread, so two transactions never interleave.
 */
export class SqliteAccountStore implements AccountStore {
  readonly #db: SqliteDb;
  /** A shared connection is the main store's to close. */
  readonly #owned: boolean;

  constructor(opts: { path: string } | { connection: SqliteDb }) {
    const where = 'path' in opts ? opts.path : 'the store';
    try {
      this.#db = 'path' in opts ? new SqliteDb(opts.path) : opts.connection;
      this.#owned = 'path' in opts;
      this.#db.tx(() => this.#db.exec(SCHEMA));
    } catch (err) {
      throw new HeraldError('STORE_UNAVAILABLE', `cannot open the account tables in ${where}: ${(err as Error).message}`, { cause: err });
    }
  }

  async close(): Promise<void> {
    if (this.#owned) this.#db.close();
  }

  async countUsers(): Promise<number> {
    return this.#db.get<{ n: number }>('SELECT count(*) AS n FROM users')!.n;
  }

  async createUser(u: User): Promise<void> {
    try {
      this.#db.run(`INSERT INTO users (id, name, role, password_hash, disabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        u.id, u.name, u.role, u.passwordHash, u.disabled ? 1 : 0, u.createdAt, u.updatedAt);
    } catch (err) {
      if (/UNIQUE constraint failed: users\.name/.test(String((err as Error).message))) throw duplicateUserName(u.name, err);
      throw err;
    }
  }

  async getUser(id: string): Promise<User | undefined> {
    const row = this.#db.get<UserRow>('SELECT * FROM users WHERE id = ?', id);
    return row === undefined ? undefined : rowToUser(row);
  }

  async getUserByName(name: string): Promise<User | undefined> {
    const row = this.#db.get<UserRow>('SELECT * FROM users WHERE name = ?', name);
    return row === undefined ? undefined : rowToUser(row);
  }

  async listUsers(): Promise<User[]> {
    return this.#db.all<UserRow>('SELECT * FROM users ORDER BY name').map(rowToUser);
  }

  // node:sqlite is synchronous, so check-then-write inside one transaction is atomic.
  async updateUser(id: string, change: UserChange, now: number): Promise<LastAdminGuarded<User>> {
    return this.#db.tx(() => {
      const row = this.#db.get<UserRow>('SELECT * FROM users WHERE id = ?', id);
      if (row === undefined) return 'not-found';
      const user = rowToUser(row);
      if (losesAdmin(user, change) && this.#otherAdmins(id) === 0) return 'last-admin';
      const next = applyUserChange(user, change, now);
      this.#db.run('UPDATE users SET role = ?, password_hash = ?, disabled = ?, updated_at = ? WHERE id = ?',
        next.role, next.passwordHash, next.disabled ? 1 : 0, next.updatedAt, id);
      return next;
    });
  }

  async deleteUser(id: string): Promise<LastAdminGuarded<'deleted'>> {
    return this.#db.tx(() => {
      const row = this.#db.get<UserRow>('SELECT * FROM users WHERE id = ?', id);
      if (row === undefined) return 'not-found';
      if (losesAdmin(rowToUser(row), { disabled: true }) && this.#otherAdmins(id) === 0) return 'last-admin';
      this.#db.run('DELETE FROM users WHERE id = ?', id);
      return 'deleted';
    });
  }

  #otherAdmins(id: string): number {
    return this.#db.get<{ n: number }>(`SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0 AND id <> ?`, id)!.n;
  }

  async createToken(t: ApiToken): Promise<void> {
    this.#db.run(`INSERT INTO api_tokens (id, name, user_id, role, hash, prefix, created_at, last_used_at, expires_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    t.id, t.name, t.userId, t.role, t.hash, t.prefix, t.createdAt, t.lastUsedAt, t.expiresAt);
  }

  async getTokenByHash(hash: string): Promise<ApiToken | undefined> {
    const row = this.#db.get<TokenRow>('SELECT * FROM api_tokens WHERE hash = ?', hash);
    return row === undefined ? undefined : rowToToken(row);
  }

  async getToken(id: string): Promise<ApiToken | undefined> {
    const row = this.#db.get<TokenRow>('SELECT * FROM api_tokens WHERE id = ?', id);
    return row === undefined ? undefined : rowToToken(row);
  }

  async listTokens(userId?: string | null): Promise<ApiToken[]> {
    const rows = userId === undefined
      ? this.#db.all<TokenRow>('SELECT * FROM api_tokens ORDER BY id DESC')
      : this.#db.all<TokenRow>('SELECT * FROM api_tokens WHERE user_id IS ? ORDER BY id DESC', userId);
    return rows.map(rowToToken);
  }

  async deleteToken(id: string): Promise<boolean> {
    return this.#db.run('DELETE FROM api_tokens WHERE id = ?', id) > 0;
  }

  async touchToken(id: string, now: number): Promise<void> {
    this.#db.run('UPDATE api_tokens SET last_used_at = ? WHERE id = ?', now, id);
  }

  async createSession(s: Session): Promise<void> {
    this.#db.run('INSERT INTO sessions (hash, user_id, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?)',
      s.hash, s.userId, s.createdAt, s.expiresAt, s.lastSeenAt);
  }

  async getSession(hash: string): Promise<Session | undefined> {
    const row = this.#db.get<SessionRow>('SELECT * FROM sessions WHERE hash = ?', hash);
    return row === undefined ? undefined : rowToSession(row);
  }

  async touchSession(hash: string, expiresAt: number, now: number): Promise<boolean> {
    return this.#db.run('UPDATE sessions SET expires_at = ?, last_seen_at = ? WHERE hash = ?', expiresAt, now, hash) > 0;
  }

  async deleteSession(hash: string): Promise<boolean> {
    return this.#db.run('DELETE FROM sessions WHERE hash = ?', hash) > 0;
  }

  async deleteUserSessions(userId: string): Promise<number> {
    return this.#db.run('DELETE FROM sessions WHERE user_id = ?', userId);
  }

  async deleteExpiredSessions(now: number): Promise<number> {
    return this.#db.run('DELETE FROM sessions WHERE expires_at <= ?', now);
  }

  async appendAudit(e: AuditEntry): Promise<void> {
    this.#db.run(`INSERT INTO audit_log (id, at, actor_id, actor_name, action, target_type, target_id, target_name, summary)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    e.id, e.at, e.actor.id, e.actor.name, e.action, e.target.type, e.target.id, e.target.name, e.summary);
  }

  async listAudit(cursor: string | undefined, limit: number, query?: AuditQuery): Promise<Page<AuditEntry>> {
    const { sql, params } = auditQuerySql({ param: () => '?', id: 'id' }, cursor, limit, query);
    const rows = this.#db.all<AuditRow>(sql, ...params);
    const items = rows.slice(0, limit).map(rowToAudit);
    return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
  }
}
