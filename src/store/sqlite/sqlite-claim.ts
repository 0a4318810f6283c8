import type { SQLInputValue } from 'node:sqlite';
import type { DeliveryRow } from '../rows.ts';

/**
 * Claims due deliveries fairly. Each enabled webhook may have at most
 * `concurrency` deliveries leased (by any dispatcher); within that room its
 * oldest due deliveries are taken through the (webhook_id, status,
 * next_attempt_at) index, and each webhook gets a fair share of the batch
 * (claimDueRows), so one receiver with a deep backlog can neither fill a
 * batch nor starve the others. Each claim starts its round after the webhook `after` (the last one
 * the previous claim served), so a dispatcher with one free slot takes turns
 * instead of always serving the first webhook in id order. Expired leases (a
 * dispatcher died mid-attempt) count as due again.
 *
 * A single window-function query over all due rows did the same but cost
 * O(backlog) per claim: 1,074 deliveries/s with a 5,000-event backlog in
 * `npm run bench`, against 1,854/s for this per-webhook walk (2-core machine).
 */
/**
 * perf: the webhooks that have pending or leased deliveries, found by skipping
 * through the (status, webhook_id) index one webhook at a time: O(active
 * webhooks × log n), not O(webhooks). Probing every enabled webhook made an
 * empty claim cost 331 ms with 10,000 webhooks (`npm run bench -- --quick`);
 * with this walk it costs what docs/benchmarks.md says for the same run.
 * A CTE to put after `WITH RECURSIVE`, defining `active(id)`; the flow of the
 * per-webhook walk below is unchanged.
 */
export const ACTIVE_WEBHOOKS = `
  active_pending(id) AS (
    SELECT (SELECT min(webhook_id) FROM deliveries INDEXED BY deliveries_active_webhooks WHERE status = 'pending')
    UNION ALL
    SELECT (SELECT min(webhook_id) FROM deliveries INDEXED BY deliveries_active_webhooks WHERE status = 'pending' AND webhook_id > a.id)
    FROM active_pending a WHERE a.id IS NOT NULL),
  active_leased(id) AS (
    SELECT (SELECT min(webhook_id) FROM deliveries INDEXED BY deliveries_active_webhooks WHERE status = 'delivering')
    UNION ALL
    SELECT (SELECT min(webhook_id) FROM deliveries INDEXED BY deliveries_active_webhooks WHERE status = 'delivering' AND webhook_id > a.id)
    FROM active_leased a WHERE a.id IS NOT NULL),
  active(id) AS (
    SELECT id FROM active_pending WHERE id IS NOT NULL UNION SELECT id FROM active_leased WHERE id IS NOT NULL)`;

export interface ClaimDb {
  all<T>(sql: string, ...params: SQLInputValue[]): T[];
  get<T>(sql: string, ...params: SQLInputValue[]): T | undefined;
}

/**
 * Each webhook in turn (from after `after`) takes an equal share of what the
 * batch has left, within its own room (concurrency minus live leases); a
 * webhook with less than its share leaves the rest to those after it, and a
 * second pass gives what is still left to those that filled their share. So
 * a claim for one free slot reads one webhook, not all of them: with 100
 * webhooks busy (fan-out in `npm run bench`), reading every active webhook's
 * queue on every claim was 48% of the writer thread.
 */
export function claimDueRows(db: ClaimDb, owner: string, now: number, limit: number, leaseMs: number, after = ''): DeliveryRow[] {
  const webhooks = db.all<{ id: string; concurrency: number }>(`
    WITH RECURSIVE ${ACTIVE_WEBHOOKS}
    SELECT w.id, w.concurrency FROM webhooks w WHERE w.enabled = 1 AND w.id IN (SELECT id FROM active)
    ORDER BY w.id <= ?, w.id`, after);
  const rows: DeliveryRow[] = [];
  const lease = (id: string) => {
    // perf: one UPDATE per id. `WHERE id IN (subquery)` cost 70 µs a row against 11 + 17 µs for
    // the select and the plain update (node:sqlite, in memory, 10,000 deliveries).
    const row = db.get<DeliveryRow>(`UPDATE deliveries SET status = 'delivering', locked_by = ?, locked_until = ?, updated_at = ?
      WHERE id = ? RETURNING *`, owner, now + leaseMs, now, id);
    if (row !== undefined) rows.push(row);
  };
  const leftOver: string[][] = [];
  for (let i = 0; i < webhooks.length && rows.length < limit; i++) {
    const queue = dueIds(db, webhooks[i]!, now, limit - rows.length);
    const share = Math.ceil((limit - rows.length) / (webhooks.length - i));
    for (const id of queue.splice(0, share)) lease(id);
    if (queue.length > 0) leftOver.push(queue);
  }
  for (const queue of leftOver) {
    for (const id of queue.splice(0, limit - rows.length)) lease(id);
  }
  return rows;
}

/**
 * Up to `max` of a webhook's due deliveries within its room, oldest due
 * first: pending ones through the (webhook_id, status, next_attempt_at)
 * index, then expired leases (a dispatcher died mid-attempt). Its leased rows
 * are read once for both the room and the expired leases.
 */
function dueIds(db: ClaimDb, w: { id: string; concurrency: number }, now: number, max: number): string[] {
  const leased = db.all<{ id: string; locked_until: number }>(`SELECT id, locked_until FROM deliveries
    WHERE webhook_id = ? AND status = 'delivering'`, w.id);
  const expired = leased.filter((l) => Number(l.locked_until) <= now).map((l) => l.id);
  const room = Math.min(w.concurrency - (leased.length - expired.length), max);
  if (room <= 0) return [];
  const pending = db.all<{ id: string }>(`SELECT id FROM deliveries
    WHERE webhook_id = ? AND status = 'pending' AND next_attempt_at <= ?
    ORDER BY next_attempt_at LIMIT ?`, w.id, now, room).map((r) => r.id);
  return [...pending, ...expired].slice(0, room);
}

/**
 * Grouping (DeliveryQueue.claimCompanions): the webhook's other pending
 * deliveries, oldest first, through the (webhook_id, status, next_attempt_at)
 * index. Whatever their due time: a group waiting out its group_wait is
 * exactly the pending work that has not come due yet.
 */
export function claimCompanionRows(db: ClaimDb, webhookId: string, exceptId: string, owner: string, now: number, limit: number, leaseMs: number): DeliveryRow[] {
  return db.all<DeliveryRow>(`UPDATE deliveries SET status = 'delivering', locked_by = ?, locked_until = ?, updated_at = ?
    WHERE id IN (SELECT id FROM deliveries WHERE webhook_id = ? AND status = 'pending' AND once = 0 AND id <> ?
      ORDER BY created_at, id LIMIT ?)
    RETURNING *`, owner, now + leaseMs, now, webhookId, exceptId, limit);
}
