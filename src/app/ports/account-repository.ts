import type { Role } from '../roles.ts';
import type { Page } from './page.ts';

export { ROLES, type Role } from '../roles.ts';

/**
 * Who may use Herald: users (console sign-in), API tokens, browser sessions
 * and the audit log of every change. Kept apart from the event and delivery
 * ports so the access axis can change without touching delivery; SQLite and
 * PostgreSQL implement it and pass the same suite (test/store/accounts.case.ts).
 * Times are epoch milliseconds. Nothing secret is stored in the clear:
 * passwords are scrypt hashes, tokens and session ids SHA-256 hashes.
 */

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

/** What the audit log narrows by: exact matches, and times in epoch ms (since inclusive, until exclusive). */
export interface AuditQuery {
  /** The actor's name as recorded (a user's name, a token's name, `admin-token`). */
  actor?: string;
  action?: string;
  targetType?: string;
  since?: number;
  until?: number;
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
  /** Newest first, entries older than `cursor`, narrowed by `query`. */
  listAudit(cursor: string | undefined, limit: number, query?: AuditQuery): Promise<Page<AuditEntry>>;
}

