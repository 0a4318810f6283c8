import { newId } from '../../core/ids.ts';
import type { Attempt, Completion, SourceStateWrite } from '../store.ts';
import type { HeraldEvent } from '../../core/event.ts';
import type { DeliveryRow, WebhookRow } from '../rows.ts';
import { claimDueRows } from './sqlite-claim.ts';
import type { SqliteDb } from './sqlite-db.ts';

/**
 * The hot writes (ingest, claim, completion) as plain data in, plain data out,
 * so the same code runs on the writer thread (sqlite-writer-thread.ts) and,
 * for an in-memory database, inline. Messages cross threads as JSON text
 * (sqlite-writer.ts), so events travel as objects: the main thread
 * stringifies each once, and the writer stores its JSON and parses what it
 * reads, so the main thread parses each once too. Only type imports beyond
 * the SQLite modules and ids: the writer thread loads nothing else.
 */
export interface EventWrite { event: HeraldEvent; webhookIds: readonly string[] }

export interface RecordedRows {
  /** The stored event when its dedupKey was recorded before: nothing new was written. */
  existing?: HeraldEvent;
  deliveryIds: string[];
}

export function recordRows(db: SqliteDb, { event, webhookIds }: EventWrite, now: number, once: boolean, state: readonly SourceStateWrite[]): RecordedRows {
  const dedupKey = event.dedupKey ?? null;
  if (dedupKey !== null) {
    const existing = db.get<{ data: string }>('SELECT data FROM events WHERE dedup_key = ?', dedupKey);
    if (existing !== undefined) return { existing: JSON.parse(existing.data) as HeraldEvent, deliveryIds: [] };
  }
  db.run('INSERT INTO events (id, dedup_key, data, created_at) VALUES (?, ?, ?, ?)', event.id, dedupKey, JSON.stringify(event), now);
  const insert = db.stmt(`INSERT INTO deliveries (id, event_id, webhook_id, status, next_attempt_at, once, triggered_by, created_at, updated_at)
    SELECT ?, ?, id, 'pending', ?, ?, ?, ?, ? FROM webhooks WHERE id = ?`);
  const deliveryIds: string[] = [];
  for (const webhookId of webhookIds) {
    const id = newId('dlv', now);
    if (Number(insert.run(id, event.id, now, once ? 1 : 0, once ? 'test' : 'first', now, now, webhookId).changes) > 0) deliveryIds.push(id);
  }
  writeState(db, state);
  return { deliveryIds };
}

export function writeState(db: SqliteDb, writes: readonly SourceStateWrite[]): void {
  for (const w of writes) {
    if (w.value === null) db.run('DELETE FROM source_state WHERE scope = ? AND key = ?', w.scope, w.key);
    else db.run(`INSERT INTO source_state (scope, key, value) VALUES (?, ?, ?)
      ON CONFLICT (scope, key) DO UPDATE SET value = excluded.value`, w.scope, w.key, JSON.stringify(w.value));
  }
}

/** What completeRow needs of the claim: the lease it holds and the due time a non-retry keeps. */
export interface ClaimRef { deliveryId: string; owner: string; nextAttemptAt: number }

export function completeRow(db: SqliteDb, claim: ClaimRef, attempt: Attempt, completion: Completion): boolean {
  const next = completion.status === 'pending' ? completion.nextAttemptAt : claim.nextAttemptAt;
  const end = attempt.startedAt + attempt.durationMs;
  // A throttled attempt (429) is recorded but does not use up the retry budget.
  const counted = completion.status === 'pending' && completion.throttled === true ? 0 : 1;
  const changed = db.run(`UPDATE deliveries SET status = ?, attempts = attempts + ?, next_attempt_at = ?,
    last_status_code = ?, last_error = ?, locked_by = NULL, locked_until = NULL, updated_at = ?,
    triggered_by = CASE WHEN ? = 'pending' THEN 'retry' ELSE triggered_by END
    WHERE id = ? AND locked_by = ? AND status = 'delivering'`,
  completion.status, counted, next, attempt.statusCode, attempt.error, end, completion.status, claim.deliveryId, claim.owner);
  if (changed === 0) return false;
  db.run(`INSERT INTO attempts (id, delivery_id, attempt, started_at, duration_ms, status_code, response_body, error, outcome, triggered_by)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  attempt.id, attempt.deliveryId, attempt.attempt, attempt.startedAt, attempt.durationMs,
  attempt.statusCode, attempt.responseBody, attempt.error, attempt.outcome, attempt.trigger);
  return true;
}

/**
 * A claim with what the dispatcher then needs, read in the same transaction:
 * the claimed deliveries' events by id (absent if gone) and each claimed
 * webhook's row (its failing_since as of the claim). The dispatcher used to
 * read both again per delivery (getWebhook + getEvent: ~9% of the main thread
 * in `npm run bench`). Each event once, however many of its deliveries the
 * claim took: a fan-out claim is mostly one event's.
 */
export interface ClaimedRows { rows: DeliveryRow[]; events: Record<string, HeraldEvent>; webhooks: WebhookRow[] }

export function claimRows(db: SqliteDb, owner: string, now: number, limit: number, leaseMs: number, after: string): ClaimedRows {
  const rows = claimDueRows(db, owner, now, limit, leaseMs, after);
  const event = db.stmt('SELECT data FROM events WHERE id = ?');
  const events: Record<string, HeraldEvent> = {};
  for (const id of new Set(rows.map((r) => r.event_id))) {
    const row = event.get(id) as { data: string } | undefined;
    if (row !== undefined) events[id] = JSON.parse(row.data) as HeraldEvent;
  }
  const webhook = db.stmt('SELECT * FROM webhooks WHERE id = ?');
  const webhooks = [...new Set(rows.map((r) => r.webhook_id))].map((id) => webhook.get(id) as unknown as WebhookRow);
  return { rows, events, webhooks };
}
