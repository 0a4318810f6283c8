import { HeraldError } from '../../core/errors.ts';
import type { Fence, LeaseStore } from '../../app/ports/lease.ts';
import type { Queryable } from './postgres-db.ts';

/**
 * Leases as rows of the shared store (see src/app/ports/lease.ts). Time is the
 * database's clock, so replicas whose clocks disagree still agree on expiry.
 * The token grows only when the lease changes hands: a holder renewing keeps
 * it, so its writes in flight stay valid.
 */

const NOW_MS = '(extract(epoch FROM clock_timestamp()) * 1000)::bigint';

export class PostgresLeases implements LeaseStore {
  readonly #db: Queryable;

  constructor(db: Queryable) {
    this.#db = db;
  }

  async acquire(name: string, holder: string, durationMs: number): Promise<number | undefined> {
    const { rows } = await this.#db.query<{ token: string }>(`
      INSERT INTO leases (name, holder, token, expires_at) VALUES ($1, $2, 1, ${NOW_MS} + $3)
      ON CONFLICT (name) DO UPDATE SET
        token = CASE WHEN leases.holder = excluded.holder THEN leases.token ELSE leases.token + 1 END,
        holder = excluded.holder, expires_at = excluded.expires_at
      WHERE leases.holder = excluded.holder OR leases.expires_at <= ${NOW_MS}
      RETURNING token`, [name, holder, durationMs]);
    return rows[0] === undefined ? undefined : Number(rows[0].token);
  }

  async release(name: string, holder: string): Promise<void> {
    await this.#db.query(`UPDATE leases SET expires_at = 0 WHERE name = $1 AND holder = $2`, [name, holder]);
  }
}

/**
 * The fence check as two CTEs over parameters `$name` (lease, NULL for no
 * fence) and `$token`: `fence_ok` has one row saying whether the write may go
 * ahead. FOR SHARE makes the check and a takeover exclude each other: a
 * takeover waits for writes already past the check to commit (so the new
 * holder's first read sees them), and a write that meets a takeover in
 * progress waits for it and then finds the token moved on.
 */
export function fenceCtes(name: number, token: number): string {
  return `
    fence AS (
      SELECT 1 FROM leases WHERE $${name}::text IS NOT NULL AND name = $${name}::text AND token = $${token}::bigint FOR SHARE
    ),
    fence_ok AS (SELECT $${name}::text IS NULL OR EXISTS (SELECT 1 FROM fence) AS ok)`;
}

export function fenceParams(fence: Fence | undefined): [string | null, number | null] {
  return fence === undefined ? [null, null] : [fence.lease, fence.token];
}

export function leaseLost(fence: Fence): HeraldError {
  return new HeraldError('LEASE_LOST', `the lease "${fence.lease}" (token ${fence.token}) has passed to another replica; nothing was written`);
}
