import type { Role } from '../../api/types.ts';

/** The three roles as choices, with what each may do. */
export const ROLE_OPTIONS: ReadonlyArray<{ value: Role; label: string }> = [
  { value: 'viewer', label: 'viewer — reads everything, changes nothing' },
  { value: 'ops', label: 'ops — manages webhooks and deliveries' },
  { value: 'admin', label: 'admin — also users, tokens and events' },
];
