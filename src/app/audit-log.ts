import { newId } from '../core/ids.ts';
import type { AccountStore, AuditEntry, AuditQuery } from './ports/account-repository.ts';
import { systemClock, type Clock } from './ports/clock.ts';
import type { Page } from './ports/page.ts';

/**
 * The audit log: who changed what, when, on which target, in a summary that
 * never carries a secret (no URLs beyond their origin, no values of changed
 * fields, no passwords or tokens). The use cases record each change after it
 * has succeeded; the API records sign-ins. A failure to record is logged, not returned: the change has
 * already happened and the caller must not be told it did not.
 */
export const AUDIT_ACTIONS = [
  'webhook.create', 'webhook.update', 'webhook.delete', 'webhook.test', 'webhook.recover', 'delivery.redeliver',
  'user.create', 'user.update', 'user.delete', 'token.create', 'token.delete', 'silence.create', 'silence.expire',
  'session.login', 'session.login_failed', 'session.logout',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_TARGET_TYPES = ['webhook', 'delivery', 'user', 'token', 'session', 'silence'] as const;

export interface AuditActor { id: string | null; name: string }
export interface AuditTarget { type: (typeof AUDIT_TARGET_TYPES)[number]; id: string | null; name?: string | null }

export interface AuditLog {
  record(actor: AuditActor, action: AuditAction, target: AuditTarget, summary: string): Promise<void>;
  /** Newest first, narrowed by actor name, action, target type and time. */
  list(cursor: string | undefined, limit: number, query?: AuditQuery): Promise<Page<AuditEntry>>;
}

export class StoreAuditLog implements AuditLog {
  readonly #accounts: Pick<AccountStore, 'appendAudit' | 'listAudit'>;
  readonly #onError: (err: unknown) => void;
  readonly #clock: Clock;

  constructor(accounts: Pick<AccountStore, 'appendAudit' | 'listAudit'>, onError: (err: unknown) => void, clock: Clock = systemClock) {
    this.#accounts = accounts;
    this.#onError = onError;
    this.#clock = clock;
  }

  async record(actor: AuditActor, action: AuditAction, target: AuditTarget, summary: string): Promise<void> {
    const at = this.#clock.now();
    try {
      await this.#accounts.appendAudit({
        id: newId('aud', at), at, actor: { id: actor.id, name: actor.name }, action,
        target: { type: target.type, id: target.id, name: target.name ?? null }, summary,
      });
    } catch (err) {
      this.#onError(err);
    }
  }

  list(cursor: string | undefined, limit: number, query?: AuditQuery): Promise<Page<AuditEntry>> {
    return this.#accounts.listAudit(cursor, limit, query);
  }
}

/** A receiver URL as the audit log may show it: scheme and host only, since paths and queries often hold tokens (Slack, Discord). */
export function auditOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid URL)';
  }
}

/** Bookkeeping that changes with every edit, or only alongside a field already named. */
const NOT_CHANGES = new Set(['updatedAt', 'createdAt', 'previousSecrets']);

/** The names of the top-level fields whose value differs between two versions of a record, never the values. */
export function changedFields(before: object, after: object): string {
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((k) => !NOT_CHANGES.has(k) && JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .sort();
  return keys.length === 0 ? 'nothing' : keys.join(', ');
}
