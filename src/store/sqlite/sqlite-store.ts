import { HeraldError } from '../../core/errors.ts';
import type { HeraldEvent } from '../../core/event.ts';
import type { Silence } from '../../core/silence.ts';
import type { Webhook } from '../../core/webhook.ts';
import {
  EMPTY_COUNTS, pageOf, parseEvent, rowToAttempt, rowToDelivery, rowToRoute, rowToVersion, rowToWebhook, webhookToRow, WEBHOOKS_VERSION_SQL,
  type AttemptRow, type DeliveryRow, type WebhookRow,
} from '../rows.ts';
import type { Fence } from '../../app/ports/lease.ts';
import type { WebhookRoute, WebhooksVersion } from '../../app/ports/webhook-repository.ts';
import type { SecretBox } from '../secret-box.ts';
import type {
  Attempt, Claim, Completion, Delivery, DeliveryStatus, EventToRecord, ListDeliveriesQuery, Page,
  RecordEventResult, RedeliverOptions, SendSlot, SourceStateWrite, Store, StoreCapabilities,
} from '../store.ts';
import { SqliteDb } from './sqlite-db.ts';
import { SQLITE_MIGRATIONS } from './sqlite-schema.ts';
import { ACTIVE_WEBHOOKS, claimCompanionRows } from './sqlite-claim.ts';
import { openWriter, type SqliteWriter } from './sqlite-writer.ts';
import { writeState, type ClaimedRows, type RecordedRows } from './sqlite-writes.ts';
import { WebhookRowCache } from '../webhook-row-cache.ts';
import { deferSlot, reserveSlot } from './sqlite-send-pace.ts';
import { SqliteSilences } from './sqlite-silences.ts';
import { eventQuerySql, type EventSqlDialect } from '../event-query-sql.ts';
import { deliveryQuerySql } from '../delivery-query-sql.ts';
import type { EventQuery } from '../../app/ports/event-log.ts';

const SQLITE_EVENT_SQL: EventSqlDialect = { param: () => '?', field: (name) => `json_extract(data, '$.${name}')` };

export interface SqliteOptions {
  path: string;
  secrets: SecretBox;
  /** FULL (default) fsyncs every commit, so an acknowledged event survives power loss, not just a crash. */
  synchronous?: 'FULL' | 'NORMAL';
  /** The connection to use instead of opening one (open-store.ts shares it with the account tables); closed by close(). */
  connection?: SqliteDb;
  /** How long the writer thread stays up with nothing to write (sqlite-writer.ts WRITER_QUIET_MS); tests shorten it. */
  writerQuietMs?: number;
}

/**
 * The embedded store: one file, one process. node:sqlite is synchronous, which
 * is what makes each method's transaction trivially atomic in Node's single
 * thread; the async signatures are for the Store interface.
 */
export class SqliteStore implements Store {
  readonly capabilities: StoreCapabilities = { singleProcess: true };
  readonly #db: SqliteDb;
  readonly #box: SecretBox;
  readonly #silences: SqliteSilences;
  /** Ingests, claims and completions: group-committed on the writer thread (sqlite-writer.ts). */
  readonly #writer: SqliteWriter;
  readonly #claimed: WebhookRowCache;
  /** The webhook the last claim served last; the next claim's round-robin starts after it. */
  #claimCursor = '';

  constructor(opts: SqliteOptions) {
    try {
      this.#db = opts.connection ?? new SqliteDb(opts.path, opts.synchronous);
    } catch (err) {
      throw new HeraldError('STORE_UNAVAILABLE', `cannot open the SQLite store at ${opts.path}: ${(err as Error).message}`, { cause: err });
    }
    this.#box = opts.secrets;
    this.#migrate();
    this.#silences = new SqliteSilences(this.#db);
    this.#claimed = new WebhookRowCache(this.#box);
    // After the migration: the writer's connection finds the schema in place.
    this.#writer = openWriter(this.#db, opts.writerQuietMs === undefined ? {} : { quietMs: opts.writerQuietMs });
  }

  #migrate(): void {
    const row = this.#db.get<{ user_version: number }>('PRAGMA user_version')!;
    for (let v = row.user_version; v < SQLITE_MIGRATIONS.length; v++) {
      this.#db.tx(() => {
        this.#db.exec(SQLITE_MIGRATIONS[v]!);
        this.#db.exec(`PRAGMA user_version = ${v + 1}`);
      });
    }
  }

  async close(): Promise<void> {
    try {
      await this.#writer.close();
    } finally {
      this.#db.close();
    }
  }

  /** Transactions the hot writes committed: tests show what group commit saves. */
  writeCommits(): Promise<number> {
    return this.#writer.commits();
  }

  /** Whether a writer thread is up now: it starts at the first hot write and ends when quiet. */
  get writerRunning(): boolean {
    return this.#writer.running;
  }

  createSilence(s: Silence): Promise<void> { return this.#silences.createSilence(s); }
  getSilence(id: string): Promise<Silence | undefined> { return this.#silences.getSilence(id); }
  listSilences(q?: { endsAfter?: number }): Promise<Silence[]> { return this.#silences.listSilences(q); }
  expireSilence(id: string, now: number): Promise<Silence | undefined> { return this.#silences.expireSilence(id, now); }

  async createWebhook(w: Webhook): Promise<void> {
    const r = webhookToRow(w, this.#box);
    try {
      this.#db.run(`INSERT INTO webhooks (id, name, enabled, concurrency, spec, sealed, disabled_reason, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      r.id, r.name, r.enabled as number, r.concurrency, r.spec, r.sealed, r.disabled_reason, r.created_at, r.updated_at);
    } catch (err) {
      throw uniqueNameError(err, w.name);
    }
  }

  async getWebhook(id: string): Promise<Webhook | undefined> {
    const row = this.#db.get<WebhookRow>('SELECT * FROM webhooks WHERE id = ?', id);
    return row === undefined ? undefined : rowToWebhook(row, this.#box);
  }

  async listWebhooks(): Promise<Webhook[]> {
    return this.#db.all<WebhookRow>('SELECT * FROM webhooks ORDER BY id').map((r) => rowToWebhook(r, this.#box));
  }

  async listWebhookRoutes(since?: number): Promise<WebhookRoute[]> {
    return this.#db.all<WebhookRow>('SELECT id, enabled, spec, updated_at FROM webhooks WHERE updated_at >= ? ORDER BY id', since ?? -1)
      .map(rowToRoute);
  }

  async webhooksVersion(): Promise<WebhooksVersion> {
    return rowToVersion(this.#db.get<Parameters<typeof rowToVersion>[0]>(WEBHOOKS_VERSION_SQL)!);
  }

  async updateWebhook(w: Webhook): Promise<boolean> {
    const r = webhookToRow(w, this.#box);
    try {
      // Enabling a disabled webhook starts its failure clock afresh, or the next failure would disable it again.
      return this.#db.run(`UPDATE webhooks SET name = ?, enabled = ?, concurrency = ?, spec = ?, sealed = ?,
        disabled_reason = ?, updated_at = ?, failing_since = CASE WHEN enabled = 0 AND ? = 1 THEN NULL ELSE failing_since END
        WHERE id = ?`,
      r.name, r.enabled as number, r.concurrency, r.spec, r.sealed, r.disabled_reason, r.updated_at, r.enabled as number, r.id) > 0;
    } catch (err) {
      throw uniqueNameError(err, w.name);
    }
  }

  async deleteWebhook(id: string): Promise<boolean> {
    return this.#db.run('DELETE FROM webhooks WHERE id = ?', id) > 0;
  }

  async disableWebhook(id: string, reason: string, now: number): Promise<boolean> {
    return this.#db.run('UPDATE webhooks SET enabled = 0, disabled_reason = ?, updated_at = ? WHERE id = ? AND enabled = 1', reason, now, id) > 0;
  }

  async markWebhookFailing(id: string, now: number): Promise<number | null> {
    const row = this.#db.get<{ failing_since: number }>(`UPDATE webhooks SET failing_since = coalesce(failing_since, ?)
      WHERE id = ? RETURNING failing_since`, now, id);
    return row?.failing_since ?? null;
  }

  async clearWebhookFailing(id: string): Promise<number | null> {
    return this.#db.tx(() => {
      const row = this.#db.get<{ failing_since: number | null }>('SELECT failing_since FROM webhooks WHERE id = ?', id);
      if (row?.failing_since == null) return null;
      this.#db.run('UPDATE webhooks SET failing_since = NULL WHERE id = ?', id);
      return row.failing_since;
    });
  }

  /** `fence` is taken and not checked: one process holds no leases, so no other holder can have taken one over. */
  async recordEvent(event: HeraldEvent, webhookIds: readonly string[], opts: {
    now?: number; once?: boolean; state?: readonly SourceStateWrite[]; fence?: Fence;
  } = {}): Promise<RecordEventResult> {
    const now = opts.now ?? Date.now();
    const [rows] = await this.#writer.write<RecordedRows[]>({ op: 'record', events: [{ event, webhookIds }], now, once: opts.once === true, state: opts.state ?? [] });
    return recorded(event, rows!);
  }

  async recordEvents(items: readonly EventToRecord[], opts: { now?: number } = {}): Promise<RecordEventResult[]> {
    const now = opts.now ?? Date.now();
    const rows = await this.#writer.write<RecordedRows[]>({ op: 'record', events: items.map((i) => ({ event: i.event, webhookIds: i.webhookIds })), now, once: false, state: [] });
    return rows.map((r, i) => recorded(items[i]!.event, r));
  }

  async getEvent(id: string): Promise<HeraldEvent | undefined> {
    const row = this.#db.get<{ data: string }>('SELECT data FROM events WHERE id = ?', id);
    return row === undefined ? undefined : parseEvent(row.data);
  }

  async listEvents(cursor: string | undefined, limit: number, query?: EventQuery): Promise<Page<HeraldEvent>> {
    const { sql, params } = eventQuerySql(SQLITE_EVENT_SQL, cursor, limit, query);
    const rows = this.#db.all<{ id: string; data: string }>(sql, ...params);
    return pageOf(rows.map((r) => parseEvent(r.data)), limit, (e) => e.id);
  }

  async claimDue(owner: string, now: number, limit: number, leaseMs: number): Promise<Claim[]> {
    if (limit <= 0) return [];
    // An idle claim is a few index probes, outside any transaction: waiting for the next group commit
    // made it cost 6.6 ms on a loaded machine (`npm run bench -- --quick`, 10,000 webhooks). Asking
    // whether anything is due (not only whether any webhook has work, such as retries not yet due)
    // also leaves a quiet writer thread ended (writer-thread-handle.ts).
    if (this.#db.get<{ id: string }>(`WITH RECURSIVE ${ACTIVE_WEBHOOKS}
      SELECT w.id FROM webhooks w WHERE w.enabled = 1 AND w.id IN (SELECT id FROM active) AND (
        EXISTS (SELECT 1 FROM deliveries d WHERE d.webhook_id = w.id AND d.status = 'pending' AND d.next_attempt_at <= ?)
        OR EXISTS (SELECT 1 FROM deliveries d WHERE d.webhook_id = w.id AND d.status = 'delivering' AND d.locked_until <= ?))
      LIMIT 1`, now, now) === undefined) return [];
    const { rows, events, webhooks } = await this.#writer.write<ClaimedRows>({ op: 'claim', owner, now, limit, leaseMs, after: this.#claimCursor });
    if (rows.length > 0) this.#claimCursor = rows[rows.length - 1]!.webhook_id;
    const byId = new Map(webhooks.map((w) => [w.id, this.#claimed.toWebhook(w)]));
    return rows.map((r): Claim => {
      const claim: Claim = { delivery: rowToDelivery(r), owner };
      const webhook = byId.get(r.webhook_id);
      if (webhook !== undefined) claim.webhook = webhook;
      const event = events[r.event_id];
      if (event !== undefined) claim.event = event;
      return claim;
    });
  }

  async claimOne(deliveryId: string, owner: string, now: number, leaseMs: number): Promise<Claim | undefined> {
    const row = this.#db.get<DeliveryRow>(`UPDATE deliveries SET status = 'delivering', locked_by = ?, locked_until = ?, updated_at = ?
      WHERE id = ? AND (status <> 'delivering' OR locked_until <= ?) RETURNING *`, owner, now + leaseMs, now, deliveryId, now);
    return row === undefined ? undefined : { delivery: rowToDelivery(row), owner };
  }

  /** In the shared commit too: one fsync per attempt capped delivery at ~700/s in the first bench. */
  completeAttempt(claim: Claim, attempt: Attempt, completion: Completion): Promise<boolean> {
    const { delivery, owner } = claim;
    return this.#writer.write<boolean>({ op: 'complete', claim: { deliveryId: delivery.id, owner, nextAttemptAt: delivery.nextAttemptAt }, attempt, completion });
  }

  async claimCompanions(claim: Claim, now: number, limit: number, leaseMs: number): Promise<Claim[]> {
    const { id, webhookId } = claim.delivery;
    return claimCompanionRows(this.#db, webhookId, id, claim.owner, now, limit, leaseMs)
      .map((row) => ({ delivery: rowToDelivery(row), owner: claim.owner }));
  }

  async reserveSendSlot(key: string, now: number, intervalMs: number, horizonMs: number): Promise<SendSlot> {
    return reserveSlot(this.#db, key, now, intervalMs, horizonMs);
  }

  async deferSendSlot(key: string, until: number): Promise<void> {
    deferSlot(this.#db, key, until);
  }

  async releaseClaim(claim: Claim, nextAttemptAt: number): Promise<boolean> {
    return this.#db.run(`UPDATE deliveries SET status = 'pending', next_attempt_at = ?, locked_by = NULL, locked_until = NULL
      WHERE id = ? AND locked_by = ? AND status = 'delivering'`, nextAttemptAt, claim.delivery.id, claim.owner) > 0;
  }

  async releaseLeases(owner: string | null): Promise<number> {
    return owner === null
      ? this.#db.run(`UPDATE deliveries SET status = 'pending', locked_by = NULL, locked_until = NULL WHERE status = 'delivering'`)
      : this.#db.run(`UPDATE deliveries SET status = 'pending', locked_by = NULL, locked_until = NULL WHERE status = 'delivering' AND locked_by = ?`, owner);
  }

  /**
   * Only work claimDue could take: not a disabled webhook's, and not pending
   * work of a webhook whose every slot is leased (its lease expiries count, and
   * a completion wakes the dispatcher). Counting those made an idle dispatcher
   * poll ~180 times a second for as long as such a backlog existed.
   */
  async nextDueAt(): Promise<number | null> {
    // perf: only webhooks with pending or leased work (ACTIVE_WEBHOOKS), not every enabled one.
    const row = this.#db.get<{ at: number | null }>(`WITH RECURSIVE ${ACTIVE_WEBHOOKS}
      SELECT min(at) AS at FROM (
      SELECT (SELECT min(d.next_attempt_at) FROM deliveries d WHERE d.webhook_id = w.id AND d.status = 'pending') AS at
      FROM webhooks w WHERE w.enabled = 1 AND w.id IN (SELECT id FROM active)
        AND (SELECT count(*) FROM deliveries l WHERE l.webhook_id = w.id AND l.status = 'delivering') < w.concurrency
      UNION ALL
      SELECT (SELECT min(d.locked_until) FROM deliveries d WHERE d.webhook_id = w.id AND d.status = 'delivering')
      FROM webhooks w WHERE w.enabled = 1 AND w.id IN (SELECT id FROM active))`);
    return row?.at ?? null;
  }

  async getDelivery(id: string): Promise<Delivery | undefined> {
    const row = this.#db.get<DeliveryRow>('SELECT * FROM deliveries WHERE id = ?', id);
    return row === undefined ? undefined : rowToDelivery(row);
  }

  async listDeliveries(q: ListDeliveriesQuery): Promise<Page<Delivery>> {
    const { sql, params } = deliveryQuerySql({ ...SQLITE_EVENT_SQL, contains: (expr, needle) => `instr(lower(${expr}), ${needle}) > 0` }, q);
    return pageOf(this.#db.all<DeliveryRow>(sql, ...params).map(rowToDelivery), q.limit, (d) => d.id);
  }

  async listEventDeliveries(eventId: string): Promise<Delivery[]> {
    return this.#db.all<DeliveryRow>('SELECT * FROM deliveries WHERE event_id = ? ORDER BY id', eventId).map(rowToDelivery);
  }

  async listAttempts(deliveryId: string): Promise<Attempt[]> {
    return this.#db.all<AttemptRow>('SELECT * FROM attempts WHERE delivery_id = ? ORDER BY attempt', deliveryId).map(rowToAttempt);
  }

  async redeliver(id: string, now: number): Promise<Delivery | undefined> {
    const row = this.#db.get<DeliveryRow>(`UPDATE deliveries SET status = 'pending', next_attempt_at = ?, once = 0, updated_at = ?,
      triggered_by = 'redeliver' WHERE id = ? AND status IN ('succeeded', 'failed') RETURNING *`, now, now, id);
    return row === undefined ? undefined : rowToDelivery(row);
  }

  async redeliverFailedSince(webhookId: string, since: number, now: number, opts: RedeliverOptions = {}): Promise<number> {
    return this.#db.run(`UPDATE deliveries SET status = 'pending', next_attempt_at = ?, once = 0, updated_at = ?, triggered_by = ?
      WHERE id IN (SELECT id FROM deliveries WHERE webhook_id = ? AND status = 'failed' AND created_at >= ?
        ORDER BY id LIMIT ?)`, now, now, opts.trigger ?? 'redeliver', webhookId, since, opts.limit ?? -1);
  }

  async deliveryCounts(webhookId?: string): Promise<Record<DeliveryStatus, number>> {
    const rows = this.#db.all<{ status: DeliveryStatus; n: number }>(`SELECT status, count(*) AS n FROM deliveries
      WHERE ? IS NULL OR webhook_id = ? GROUP BY status`, webhookId ?? null, webhookId ?? null);
    return { ...EMPTY_COUNTS, ...Object.fromEntries(rows.map((r) => [r.status, r.n])) };
  }

  async getSourceState(scope: string, key: string): Promise<unknown | undefined> {
    const row = this.#db.get<{ value: string }>('SELECT value FROM source_state WHERE scope = ? AND key = ?', scope, key);
    return row === undefined ? undefined : JSON.parse(row.value);
  }

  async listSourceState(scope: string): Promise<Array<{ key: string; value: unknown }>> {
    return this.#db.all<{ key: string; value: string }>('SELECT key, value FROM source_state WHERE scope = ? ORDER BY key', scope)
      .map((r) => ({ key: r.key, value: JSON.parse(r.value) }));
  }

  async putSourceState(writes: readonly SourceStateWrite[]): Promise<void> {
    this.#db.tx(() => writeState(this.#db, writes));
  }
}

function recorded(event: HeraldEvent, r: RecordedRows): RecordEventResult {
  return r.existing === undefined
    ? { event, duplicate: false, deliveryIds: r.deliveryIds }
    : { event: r.existing, duplicate: true, deliveryIds: [] };
}

function uniqueNameError(err: unknown, name: string): unknown {
  return /UNIQUE constraint failed: webhooks\.name/.test(String((err as Error).message))
    ? new HeraldError('CONFLICT', `a webhook named "${name}" already exists`, { field: 'name', cause: err })
    : err;
}
