import { HeraldError } from '../core/errors.ts';
import type { AuditEntry, ApiToken, Role, Session, User, UserChange } from '../app/ports/account-repository.ts';

/** Row <-> record mapping and rules shared by both SQL implementations of the account port (src/app/ports/account-repository.ts). */
export { ROLES } from '../app/ports/account-repository.ts';
export type {
  AccountStore, ApiToken, AuditEntry, AuditQuery, LastAdminGuarded, Role, Session, User, UserChange,
} from '../app/ports/account-repository.ts';

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
