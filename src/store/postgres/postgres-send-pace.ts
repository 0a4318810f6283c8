import type { SendSlot } from '../store.ts';
import type { Queryable } from './postgres-db.ts';

/**
 * SendPace on PostgreSQL, shared by every replica. The reservation is one
 * INSERT … ON CONFLICT DO UPDATE: the conflicting row is locked for the
 * statement, so concurrent replicas queue on it and each one gets the turn
 * after the previous one's; a webhook's rate holds however many replicas send.
 * A turn beyond the horizon is read, not taken (the WHERE leaves the row as it
 * is and RETURNING gives nothing), so a waiting delivery reserves nothing.
 */
export async function reserveSlotRow(db: Queryable, key: string, now: number, intervalMs: number, horizonMs: number): Promise<SendSlot> {
  const { rows } = await db.query<{ at: string }>({
    name: 'herald_reserve_send_slot',
    text: `
    INSERT INTO send_slots AS s (key, next_at) VALUES ($1, $2::bigint + $3::bigint)
    ON CONFLICT (key) DO UPDATE SET next_at = greatest(s.next_at, $2::bigint) + $3::bigint
      WHERE greatest(s.next_at, $2::bigint) <= $2::bigint + $4::bigint
    RETURNING next_at - $3::bigint AS at`,
    values: [key, now, intervalMs, horizonMs],
  });
  if (rows[0] !== undefined) return { at: Number(rows[0].at), granted: true };
  const held = await db.query<{ next_at: string }>('SELECT next_at FROM send_slots WHERE key = $1', [key]);
  return { at: Math.max(Number(held.rows[0]?.next_at ?? now), now), granted: false };
}

export async function deferSlotRow(db: Queryable, key: string, until: number): Promise<void> {
  await db.query(`INSERT INTO send_slots AS s (key, next_at) VALUES ($1, $2)
    ON CONFLICT (key) DO UPDATE SET next_at = greatest(s.next_at, excluded.next_at)`, [key, until]);
}
