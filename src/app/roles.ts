/** What a user or token may do: admins everything, ops manage webhooks and deliveries, viewers read. */
export const ROLES = ['admin', 'ops', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, ops: 1, admin: 2 };

/** Does `role` allow no more than `limit`? */
export function roleAtMost(role: Role, limit: Role): boolean {
  return RANK[role] <= RANK[limit];
}

export function lesserRole(a: Role, b: Role): Role {
  return RANK[a] <= RANK[b] ? a : b;
}
