import type { DeliveryRow } from '../rows.ts';
import type { Queryable } from './postgres-db.ts';

/**
 * Claims due deliveries for one replica, with the same rules as SQLite's
 * claim (sqlite-claim.ts): at most `concurrency` live leases per webhook
 * across every replica, oldest due work first, the batch filled round-robin
 * across webhooks starting after the one served last.
 *
 * Why two statements. `FOR UPDATE SKIP LOCKED` on deliveries alone keeps two
 * replicas off the same row, but not under a webhook's concurrency: each
 * counts live leases in its own snapshot, blind to the other's uncommitted
 * claim. Mostly both then pick the same oldest rows and one skips them, but
 * when a delivery due earlier commits between the two snapshots (an event
 * recorded by a replica whose clock is a little behind, released leases),
 * they pick different rows and both fill the same free slot. So the claim first
 * locks the webhooks it will serve (`FOR NO KEY UPDATE SKIP LOCKED`: another
 * replica claiming for a webhook right now is skipped, not waited for), and
 * only then, in a second statement whose snapshot is taken after the lock,
 * counts live leases and leases deliveries. Under READ COMMITTED that
 * snapshot includes every claim committed by the lock's previous holder, so
 * the count is exact (completions that commit meanwhile only make it
 * conservative). NO KEY UPDATE does not conflict with the KEY SHARE lock that
 * inserting a delivery takes on its webhook, so recording events never waits
 * for a claim. Run both inside one transaction (`db` is a client in BEGIN).
 *
 * Measured (2-core machine shared with the client, PostgreSQL 15 on loopback,
 * test/store/claim-throughput.bench.ts: 5,000 deliveries, 20 webhooks of
 * concurrency 8): a claim of 32 takes 6–8 ms, ~4,000 claims/s per claiming
 * connection, and 1,300–2,500 deliveries/s claimed and completed. The webhook
 * lock costs nothing measurable (7.1 ms per claim of 32 with it, 6.4–7.0
 * without). test/store/postgres-concurrency.test.ts shows what it buys.
 */
/**
 * perf: the webhooks with pending or leased deliveries, found by skipping
 * through the partial indexes deliveries_pending and deliveries_leased (both
 * lead with webhook_id) one webhook at a time, so a claim costs O(active
 * webhooks), not O(webhooks): testing every enabled webhook made an idle claim
 * take ~370 ms with 10,000 webhooks. Defines `active(id)` after `WITH RECURSIVE`;
 * the claim's rules below are unchanged.
 */
export const ACTIVE_WEBHOOKS = `
  active_pending(id) AS (
    SELECT (SELECT min(webhook_id) FROM deliveries WHERE status = 'pending')
    UNION ALL
    SELECT (SELECT min(d.webhook_id) FROM deliveries d WHERE d.status = 'pending' AND d.webhook_id > a.id)
    FROM active_pending a WHERE a.id IS NOT NULL),
  active_leased(id) AS (
    SELECT (SELECT min(webhook_id) FROM deliveries WHERE status = 'delivering')
    UNION ALL
    SELECT (SELECT min(d.webhook_id) FROM deliveries d WHERE d.status = 'delivering' AND d.webhook_id > a.id)
    FROM active_leased a WHERE a.id IS NOT NULL),
  active(id) AS (
    SELECT id FROM active_pending WHERE id IS NOT NULL UNION SELECT id FROM active_leased WHERE id IS NOT NULL)`;

export async function claimDueRows(
  db: Queryable, owner: string, now: number, limit: number, leaseMs: number, after: string,
): Promise<DeliveryRow[]> {
  // 1. The webhooks to serve: enabled, with due work and (by this snapshot) a free slot, in
  //    round-robin order after `after`; at most `limit` of them, since each yields at least one.
  //    Each test is a per-webhook index probe (min over a partial index), never a scan of the
  //    backlog: written as `EXISTS … OR EXISTS`, the planner hashed every due delivery per claim.
  const webhooks = await db.query<{ id: string }>({
    name: 'herald_claim_webhooks',
    text: `
    WITH RECURSIVE ${ACTIVE_WEBHOOKS}
    SELECT w.id FROM webhooks w
    WHERE w.enabled AND w.id IN (SELECT id FROM active)
      AND ((SELECT min(d.next_attempt_at) FROM deliveries d WHERE d.webhook_id = w.id AND d.status = 'pending') <= $1
        OR (SELECT min(d.locked_until) FROM deliveries d WHERE d.webhook_id = w.id AND d.status = 'delivering') <= $1)
      AND (SELECT count(*) FROM deliveries d
           WHERE d.webhook_id = w.id AND d.status = 'delivering' AND d.locked_until > $1) < w.concurrency
    ORDER BY w.id <= $2, w.id
    LIMIT $3
    FOR NO KEY UPDATE OF w SKIP LOCKED`,
    values: [now, after, limit],
  });
  if (webhooks.rows.length === 0) return [];
  const ids = webhooks.rows.map((w) => w.id);

  // 2. Under those locks: exact room per webhook, its oldest due work (pending, or leased with
  //    the lease expired), dealt round-robin (turn 1 of every webhook, then turn 2, …) up to
  //    `limit`, and leased. SKIP LOCKED passes over a row that claimOne or a completion holds.
  const claimed = await db.query<DeliveryRow & { pos: number; turn: string }>({
    name: 'herald_claim_deliveries',
    text: `
    WITH room AS (
      SELECT w.id AS webhook_id, array_position($4::text[], w.id::text) AS pos,
        least(w.concurrency - (SELECT count(*) FROM deliveries l
          WHERE l.webhook_id = w.id AND l.status = 'delivering' AND l.locked_until > $1), $5)::int AS n
      FROM webhooks w WHERE w.id = ANY($4::text[])
    ),
    candidates AS (
      SELECT c.id, r.pos, r.n, row_number() OVER (PARTITION BY r.webhook_id ORDER BY c.due, c.id) AS turn
      FROM room r CROSS JOIN LATERAL (
        (SELECT d.id, d.next_attempt_at AS due FROM deliveries d
          WHERE d.webhook_id = r.webhook_id AND d.status = 'pending' AND d.next_attempt_at <= $1
          ORDER BY d.next_attempt_at LIMIT r.n)
        UNION ALL
        (SELECT d.id, d.locked_until AS due FROM deliveries d
          WHERE d.webhook_id = r.webhook_id AND d.status = 'delivering' AND d.locked_until <= $1
          ORDER BY d.locked_until LIMIT r.n)
      ) c
      WHERE r.n > 0
    ),
    picked AS (
      SELECT id, pos, turn FROM candidates WHERE turn <= n ORDER BY turn, pos LIMIT $5
    ),
    locked AS (
      SELECT d.id, p.pos, p.turn FROM deliveries d JOIN picked p ON p.id = d.id
      WHERE (d.status = 'pending' AND d.next_attempt_at <= $1) OR (d.status = 'delivering' AND d.locked_until <= $1)
      FOR UPDATE OF d SKIP LOCKED
    )
    UPDATE deliveries d SET status = 'delivering', locked_by = $2, locked_until = $3, updated_at = $1
    FROM locked l WHERE d.id = l.id
    RETURNING d.*, l.pos, l.turn`,
    values: [now, owner, now + leaseMs, ids, limit],
  });
  // RETURNING has no order; deal order is (turn, pos), and the last dealt sets the next round's start.
  return claimed.rows.sort((a, b) => Number(a.turn) - Number(b.turn) || a.pos - b.pos);
}

/** The test button: one delivery, whatever its due time, unless another owner's lease is live. */
export async function claimOneRow(db: Queryable, deliveryId: string, owner: string, now: number, leaseMs: number): Promise<DeliveryRow | undefined> {
  const { rows } = await db.query<DeliveryRow>(`
    UPDATE deliveries SET status = 'delivering', locked_by = $2, locked_until = $3, updated_at = $4
    WHERE id = $1 AND (status <> 'delivering' OR locked_until <= $4)
    RETURNING *`, [deliveryId, owner, now + leaseMs, now]);
  return rows[0];
}

/**
 * Grouping (DeliveryQueue.claimCompanions): the webhook's other pending
 * deliveries, oldest first, whatever their due time. SKIP LOCKED: a row
 * another replica is claiming stays with it, so no delivery is in two groups.
 */
export async function claimCompanionRows(
  db: Queryable, webhookId: string, exceptId: string, owner: string, now: number, limit: number, leaseMs: number,
): Promise<DeliveryRow[]> {
  const { rows } = await db.query<DeliveryRow>(`
    WITH picked AS (
      SELECT id FROM deliveries WHERE webhook_id = $1 AND status = 'pending' AND NOT once AND id <> $2
      ORDER BY created_at, id LIMIT $6 FOR UPDATE SKIP LOCKED
    )
    UPDATE deliveries d SET status = 'delivering', locked_by = $3, locked_until = $4, updated_at = $5
    FROM picked p WHERE d.id = p.id
    RETURNING d.*`, [webhookId, exceptId, owner, now + leaseMs, now, limit]);
  return rows.sort((a, b) => Number(a.created_at) - Number(b.created_at) || (a.id < b.id ? -1 : 1));
}
