import { join } from 'node:path';
import { HeraldError } from '../core/errors.ts';
import type { Page } from './store.ts';

/**
 * Who may use Herald: users (console sign-in), API tokens, browser sessions
 * and the audit log of every change. Kept apart from the Store so the access
 * axis can change without touching delivery; SQLite and PostgreSQL implement
 * it and pass the same suite (test/access/accounts.case.ts). Times are epoch
 * milliseconds. Nothing secret is stored in the clear: passwords are scrypt
 * hashes, tokens and session ids SHA-256 hashes.
 */

export const ROLES = ['admin', 'ops', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: string;
  name: string;
  role: Role;
  /** `scrypt$N$r$p$salt$hash`, see src/api/auth/passwords.ts. */
  passwordHash: string;
  disabled: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface UserChange { role?: Role; passwordHash?: string; disabled?: boolean }

export interface ApiToken {
  id: string;
  name: string;
  /** The owner; null for a token made with the configured bootstrap admin token. */
  userId: string | null;
  /** The most the token may do; the owner's current role caps it further. */
  role: Role;
  /** SHA-256 of the token, hex. */
  hash: string;
  /** The first characters of the token, so a person can tell their tokens apart. */
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
  expiresAt: number | null;
}

export interface Session {
  /** SHA-256 of the cookie's session id, hex. */
  hash: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
  lastSeenAt: number;
}

export interface AuditEntry {
  /** `aud_…`, time-ordered, so it is also the page cursor. */
  id: string;
  at: number;
  actor: { id: string | null; name: string };
  /** `webhook.create`, `user.delete`, `session.login_failed`, … */
  action: string;
  target: { type: string; id: string | null; name: string | null };
  /** What changed, in words; never a secret's value. */
  summary: string;
}

/** Outcome of a change that must leave at least one enabled admin. */
export type LastAdminGuarded<T> = T | 'not-found' | 'last-admin';

export interface AccountStore {
  close(): Promise<void>;

  countUsers(): Promise<number>;
  /** CONFLICT (field name) when the name is taken. */
  createUser(u: User): Promise<void>;
  getUser(id: string): Promise<User | undefined>;
  getUserByName(name: string): Promise<User | undefined>;
  listUsers(): Promise<User[]>;
  /** Refuses, atomically, to demote or disable the last enabled admin. */
  updateUser(id: string, change: UserChange, now: number): Promise<LastAdminGuarded<User>>;
  /** Deletes the user with their tokens and sessions; refuses to delete the last enabled admin. */
  deleteUser(id: string): Promise<LastAdminGuarded<'deleted'>>;

  createToken(t: ApiToken): Promise<void>;
  getTokenByHash(hash: string): Promise<ApiToken | undefined>;
  getToken(id: string): Promise<ApiToken | undefined>;
  /** Newest first; `userId` undefined lists every token. */
  listTokens(userId?: string | null): Promise<ApiToken[]>;
  deleteToken(id: string): Promise<boolean>;
  touchToken(id: string, now: number): Promise<void>;

  createSession(s: Session): Promise<void>;
  getSession(hash: string): Promise<Session | undefined>;
  /** Slides the expiry; false when the session is gone. */
  touchSession(hash: string, expiresAt: number, now: number): Promise<boolean>;
  deleteSession(hash: string): Promise<boolean>;
  deleteUserSessions(userId: string): Promise<number>;
  deleteExpiredSessions(now: number): Promise<number>;

  appendAudit(e: AuditEntry): Promise<void>;
  /** Newest first, entries older than `cursor`. */
  listAudit(cursor: string | undefined, limit: number): Promise<Page<AuditEntry>>;
}

/**
 * Opens the account store next to the Store: the same SQLite file (a second
 * connection; WAL lets both write) or the same PostgreSQL database.
 */
export async function openAccountStore(url: string | undefined, opts: { dataDir: string }): Promise<AccountStore> {
  if (url === undefined || url.startsWith('sqlite:')) {
    const path = url === undefined ? join(opts.dataDir, 'herald.db') : url.slice('sqlite:'.length);
    const { SqliteAccountStore } = await import('./sqlite/sqlite-accounts.ts');
    return new SqliteAccountStore({ path });
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const { openPostgresAccountStore } = await import('./postgres/postgres-accounts.ts');
    const { splitSchema } = await import('./postgres/postgres-connection.ts');
    return openPostgresAccountStore(splitSchema(url));
  }
  throw new HeraldError('CONFIG_INVALID', `store.url must start with sqlite: or postgres://, not "${url.split(':')[0]}:"`, 'store.url');
}

// Row <-> record mapping shared by both SQL implementations.

export interface UserRow {
  id: string; name: string; role: string; password_hash: string; disabled: number | boolean;
  created_at: number | string; updated_at: number | string;
}

export function rowToUser(r: UserRow): User {
  return {
    id: r.id, name: r.name, role: r.role as Role, passwordHash: r.password_hash,
    disabled: r.disabled === 1 || r.disabled === true, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
  };
}

export interface TokenRow {
  id: string; name: string; user_id: string | null; role: string; hash: string; prefix: string;
  created_at: number | string; last_used_at: number | string | null; expires_at: number | string | null;
}

export function rowToToken(r: TokenRow): ApiToken {
  return {
    id: r.id, name: r.name, userId: r.user_id, role: r.role as Role, hash: r.hash, prefix: r.prefix,
    createdAt: Number(r.created_at), lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
    expiresAt: r.expires_at === null ? null : Number(r.expires_at),
  };
}

export interface SessionRow {
  hash: string; user_id: string; created_at: number | string; expires_at: number | string; last_seen_at: number | string;
}

export function rowToSession(r: SessionRow): Session {
  return {
    hash: r.hash, userId: r.user_id, createdAt: Number(r.created_at),
    expiresAt: Number(r.expires_at), lastSeenAt: Number(r.last_seen_at),
  };
}

export interface AuditRow {
  id: string; at: number | string; actor_id: string | null; actor_name: string; action: string;
  target_type: string; target_id: string | null; target_name: string | null; summary: string;
}

export function rowToAudit(r: AuditRow): AuditEntry {
  return {
    id: r.id, at: Number(r.at), actor: { id: r.actor_id, name: r.actor_name }, action: r.action,
    target: { type: r.target_type, id: r.target_id, name: r.target_name }, summary: r.summary,
  };
}

/** Would this change leave `u` no longer an enabled admin? */
export function losesAdmin(u: User, change: UserChange): boolean {
  if (u.role !== 'admin' || u.disabled) return false;
  return (change.role !== undefined && change.role !== 'admin') || change.disabled === true;
}

export function applyUserChange(u: User, change: UserChange, now: number): User {
  return {
    ...u,
    role: change.role ?? u.role,
    passwordHash: change.passwordHash ?? u.passwordHash,
    disabled: change.disabled ?? u.disabled,
    updatedAt: now,
  };
}

export function duplicateUserName(name: string, cause: unknown): HeraldError {
  return new HeraldError('CONFLICT', `a user named "${name}" already exists`, { field: 'name', cause });
}
