import type { DeliveryRow, WebhookRow } from '../rows.ts';
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
 * for a claim. Both run inside one transaction: one call of herald_claim_due.
 *
 * Measured (2-core machine shared with the client, PostgreSQL 15 on loopback,
 * test/store/claim-throughput.bench.ts: 5,000 deliveries, 20 webhooks of
 * concurrency 8): a claim of 32 takes 6–8 ms, ~4,000 claims/s per claiming
 * connection, and 1,300–2,500 deliveries/s claimed and completed. The webhook
 * lock costs nothing measurable (7.1 ms per claim of 32 with it, 6.4–7.0
 * without). test/store/postgres-concurrency.test.ts shows what it buys.
 * The statements themselves are in postgres-claim-function.ts.
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

/**
 * The two statements run inside one PL/pgSQL call (postgres-claim-function.ts):
 * one round trip per claim instead of four; the event and the webhook come along.
 */
export async function claimDueRows(
  db: Queryable, owner: string, now: number, limit: number, leaseMs: number, after: string,
): Promise<ClaimedRow[]> {
  const claimed = await db.query<ClaimedRow & { pos: number; turn: string }>({
    name: 'herald_claim_due_with_webhooks',
    text: 'SELECT * FROM herald_claim_due_with_webhooks($1, $2, $3, $4, $5)',
    values: [now, owner, now + leaseMs, limit, after],
  });
  // RETURNING has no order; deal order is (turn, pos), and the last dealt sets the next round's start.
  return claimed.rows.sort((a, b) => Number(a.turn) - Number(b.turn) || a.pos - b.pos);
}

/**
 * A leased delivery with its event's JSON, read in the same statement, and on
 * the first row of each webhook's share that webhook's row (`w_*`, else NULL).
 */
export type ClaimedRow = DeliveryRow & {
  event_data: string;
  w_name: string | null; w_enabled: boolean | null; w_concurrency: number | null; w_spec: string | null; w_sealed: string | null;
  w_disabled_reason: string | null; w_failing_since: string | null; w_created_at: string | null; w_updated_at: string | null;
};

/** The webhook row a claimed row carries, if it is the first of its webhook's share. */
export function claimedWebhookRow(r: ClaimedRow): WebhookRow | undefined {
  if (r.w_spec === null || r.w_sealed === null) return undefined;
  return {
    id: r.webhook_id, name: r.w_name!, enabled: r.w_enabled!, concurrency: r.w_concurrency!, spec: r.w_spec, sealed: r.w_sealed,
    disabled_reason: r.w_disabled_reason, failing_since: r.w_failing_since, created_at: r.w_created_at!, updated_at: r.w_updated_at!,
  };
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
