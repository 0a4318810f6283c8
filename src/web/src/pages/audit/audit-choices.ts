import type { AuditAction, AuditTarget } from '../../../../app/audit-log.ts';

/**
 * The audit filter's choices. Keyed by the server's own types, so an action
 * or target type added there fails the console's type check until it is
 * offered here (a Record must name every key).
 */
const ACTIONS: Record<AuditAction, string> = {
  'webhook.create': 'Webhook created', 'webhook.update': 'Webhook changed', 'webhook.delete': 'Webhook deleted',
  'webhook.test': 'Webhook tested', 'webhook.recover': 'Failed deliveries recovered', 'delivery.redeliver': 'Delivery redelivered',
  'user.create': 'User created', 'user.update': 'User changed', 'user.delete': 'User deleted',
  'token.create': 'Token created', 'token.delete': 'Token revoked', 'silence.create': 'Silence created', 'silence.expire': 'Silence expired',
  'session.login': 'Signed in', 'session.login_failed': 'Sign-in refused', 'session.logout': 'Signed out',
};

const TARGETS: Record<AuditTarget['type'], string> = {
  webhook: 'Webhooks', delivery: 'Deliveries', user: 'Users', token: 'API tokens', session: 'Sessions', silence: 'Silences',
};

export const ACTION_OPTIONS: ReadonlyArray<{ value: string; label: string }> = [
  { value: '', label: 'Any action' }, ...Object.entries(ACTIONS).map(([value, label]) => ({ value, label: `${label} (${value})` })),
];

export const TARGET_OPTIONS: ReadonlyArray<{ value: string; label: string }> = [
  { value: '', label: 'Any target' }, ...Object.entries(TARGETS).map(([value, label]) => ({ value, label })),
];
