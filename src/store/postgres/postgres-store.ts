import { HeraldError } from '../../core/errors.ts';
import type { HeraldEvent } from '../../core/event.ts';
import type { Silence } from '../../core/silence.ts';
import type { Webhook } from '../../core/webhook.ts';
import {
  EMPTY_COUNTS, pageOf, parseEvent, rowToAttempt, rowToDelivery, rowToRoute, rowToVersion, rowToWebhook, webhookToRow,
  WEBHOOKS_VERSION_SQL, type AttemptRow, type DeliveryRow, type WebhookRow,
} from '../rows.ts';
import type { WebhookRoute, WebhooksVersion } from '../../app/ports/webhook-repository.ts';
import type { Fence, LeaseStore } from '../../app/ports/lease.ts';
import type { SecretBox } from '../secret-box.ts';
import type {
  Attempt, Claim, Completion, Delivery, DeliveryStatus, EventToRecord, ListDeliveriesQuery, Page,
  RecordEventResult, RedeliverOptions, SendSlot, SourceStateWrite, Store, StoreCapabilities,
} from '../store.ts';
import { ACTIVE_WEBHOOKS, claimCompanionRows, claimDueRows, claimedWebhookRow, claimOneRow } from './postgres-claim.ts';
import { WebhookRowCache } from '../webhook-row-cache.ts';
import { deferSlotRow, reserveSlotRow } from './postgres-send-pace.ts';
import { completeAttemptRows, type CompletionItem } from './postgres-complete.ts';
import { StatementBatcher } from './postgres-batcher.ts';
import { eventItemKeys, recordEventRows, type EventItem } from './postgres-record-events.ts';
import { WakePacer } from './postgres-wake-pacer.ts';
import { inTransaction, isUniqueViolation, type PoolLike } from './postgres-db.ts';
import { putSourceStateRows, recordEventRow } from './postgres-record-event.ts';
import { PostgresLeases } from './postgres-lease.ts';
import { PostgresSilences } from './postgres-silences.ts';
import { WakeListener } from './postgres-notify.ts';
import { migrate } from './postgres-schema.ts';
import { openPool } from './postgres-connection.ts';
import { eventQuerySql, type EventSqlDialect } from '../event-query-sql.ts';
import { deliveryQuerySql } from '../delivery-query-sql.ts';
import type { EventQuery } from '../../app/ports/event-log.ts';

/** Bounds one completion statement's parameters (each attempt's response body is kept up to 4 KiB). */
const COMPLETION_BATCH_MAX = 256;
const WEBHOOK_READ_BATCH_MAX = 256;
/**
 * One batch of each kind in flight. Two were better (0.50× → 0.61×
 * graphile-worker) while every delivery also read its webhook; since claims
 * carry it, one batch at a time makes fuller batches: Herald + PostgreSQL CPU
 * 752–780 µs per delivery against 792–916 with two, in 4 paired runs of Herald
 * on PostgreSQL end to end (10,000 deliveries, bench/support/herald-runs.ts).
 */
const BATCHES_IN_FLIGHT = 1;
/** Other replicas learn of new deliveries within this (postgres-wake-pacer.ts). */
const WAKE_INTERVAL_MS = 50;
/** Bounds one ingest statement (events are at most a few KiB each). */
const INGEST_BATCH_MAX = 256;

// `data` is text holding JSON; the ::jsonb cast reads one field without a schema change.
const POSTGRES_EVENT_SQL: EventSqlDialect = { param: (i) => `$${i}`, field: (name) => `(data::jsonb ->> '${name}')` };

export interface PostgresStoreOptions {
  url: string;
  secrets: SecretBox;
  /** Tables live in this schema (created if missing) instead of the user's default; tests use a fresh one per run. */
  schema?: string;
  /** Connections in the pool. */
  max?: number;
}

/** Connects, migrates (once, however many replicas start together) and returns the store. */
export async function openPostgresStore(opts: PostgresStoreOptions): Promise<PostgresStore> {
  const pool = openPool({ url: opts.url, schema: opts.schema, max: opts.max ?? 10 });
  try {
    return await postgresStoreOnPool(pool, opts.schema, opts.secrets, opts.url);
  } catch (err) {
    await pool.end();
    throw err;
  }
}

/** Migrates and returns the store on `pool`, which its close() ends (open-store.ts shares it with the account tables). */
export async function postgresStoreOnPool(pool: PoolLike, schema: string | undefined, secrets: SecretBox, url?: string): Promise<PostgresStore> {
  try {
    await migrate(pool, schema);
  } catch (err) {
    throw new HeraldError('STORE_UNAVAILABLE', `cannot open the PostgreSQL store: ${(err as Error).message}`, { cause: err });
  }
  return new PostgresStore(pool, secrets, url === undefined ? undefined : { url, schema });
}

/**
 * The store for many replicas sharing one database. Every method is one
 * statement; the claim is one call of a function running two (postgres-claim.ts).
 * Claims lock rows with SKIP LOCKED, so replicas never wait on each other.
 */
export class PostgresStore implements Store {
  readonly capabilities: StoreCapabilities = { singleProcess: false };
  readonly #pool: PoolLike;
  readonly #box: SecretBox;
  /** The webhook this replica's last claim served last; the next claim's round-robin starts after it. */
  #claimCursor = '';
  readonly leases: LeaseStore;
  readonly #silences: PostgresSilences;
  /** Where the LISTEN connection goes; without it (a bare pool) onWake never fires. */
  readonly #listen: { url: string; schema: string | undefined } | undefined;
  #listener: WakeListener | undefined;
  readonly #wakeListeners = new Set<() => void>();
  readonly #lostListeners = new Set<(err: Error) => void>();
  /** Completions arriving together share one statement (postgres-batcher.ts). */
  readonly #completions: StatementBatcher<CompletionItem, boolean>;
  /** So do events recorded without source state or fence: the HTTP API's (postgres-record-events.ts). */
  readonly #ingests: StatementBatcher<EventItem, RecordEventResult>;
  readonly #wakes: WakePacer;
  /**
   * And reads of webhooks by id: the dispatcher read its webhook for every
   * delivery, 1.0 statement per delivery that held pool connections ~13–30 ms
   * each under `npm run bench -- --only pg` (pool wait included); claims now
   * carry it (Claim.webhook), and what is left is the API's and claimOne's.
   * A read joins only a batch not yet sent, so it still sees every write made before it.
   */
  readonly #webhookReads: StatementBatcher<string, WebhookRow | undefined>;
  /** The claimed webhooks decrypted once per edit, not per delivery (webhook-row-cache.ts). */
  readonly #claimed: WebhookRowCache;

  constructor(pool: PoolLike, secrets: SecretBox, listen?: { url: string; schema: string | undefined }) {
    this.#pool = pool;
    this.#box = secrets;
    this.#claimed = new WebhookRowCache(secrets);
    this.leases = new PostgresLeases(pool);
    this.#silences = new PostgresSilences(pool);
    this.#listen = listen;
    this.#completions = new StatementBatcher((items) => completeAttemptRows(pool, items),
      { max: COMPLETION_BATCH_MAX, parallel: BATCHES_IN_FLIGHT, keys: (i) => [i.claim.delivery.id] });
    this.#webhookReads = new StatementBatcher(async (ids) => {
      const rows = await this.#rows<WebhookRow>('SELECT * FROM webhooks WHERE id = ANY($1::text[])', [[...new Set(ids)]]);
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id));
    }, { max: WEBHOOK_READ_BATCH_MAX, parallel: BATCHES_IN_FLIGHT });
    this.#wakes = new WakePacer(pool, WAKE_INTERVAL_MS);
    this.#ingests = new StatementBatcher(async (items) => {
      const notified = this.#wakes.takeTurn();
      const results = await recordEventRows(pool, items, notified);
      if (!notified && results.some((r) => r.deliveryIds.length > 0)) this.#wakes.owe();
      return results;
    }, { max: INGEST_BATCH_MAX, parallel: BATCHES_IN_FLIGHT, keys: eventItemKeys });
  }

  /** The LISTEN connection is opened by the first subscriber, so stores nobody dispatches from hold none. */
  onWake(listener: () => void, onLost?: (err: Error) => void): () => void {
    this.#wakeListeners.add(listener);
    if (onLost !== undefined) this.#lostListeners.add(onLost);
    if (this.#listener === undefined && this.#listen !== undefined) {
      this.#listener = new WakeListener({
        ...this.#listen,
        onWake: () => { for (const l of this.#wakeListeners) l(); },
        onError: (err) => { for (const l of this.#lostListeners) l(err); },
      });
    }
    return () => {
      this.#wakeListeners.delete(listener);
      if (onLost !== undefined) this.#lostListeners.delete(onLost);
    };
  }

  /** The LISTEN connection, once someone subscribed (tests wait for it and cut it). */
  get wakeListener(): WakeListener | undefined {
    return this.#listener;
  }

  async #rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.#pool.query<T>(sql, params)).rows;
  }

  async #count(sql: string, params: unknown[] = []): Promise<number> {
    return (await this.#pool.query(sql, params)).rowCount ?? 0;
  }

  async close(): Promise<void> {
    this.#wakes.close();
    await this.#listener?.close();
    await this.#pool.end();
  }

  createSilence(s: Silence): Promise<void> { return this.#silences.createSilence(s); }
  getSilence(id: string): Promise<Silence | undefined> { return this.#silences.getSilence(id); }
  listSilences(q?: { endsAfter?: number }): Promise<Silence[]> { return this.#silences.listSilences(q); }
  expireSilence(id: string, now: number): Promise<Silence | undefined> { return this.#silences.expireSilence(id, now); }

  async createWebhook(w: Webhook): Promise<void> {
    const r = webhookToRow(w, this.#box);
    try {
      await this.#pool.query(`INSERT INTO webhooks (id, name, enabled, concurrency, spec, sealed, disabled_reason, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [r.id, r.name, w.enabled, r.concurrency, r.spec, r.sealed, r.disabled_reason, r.created_at, r.updated_at]);
    } catch (err) {
      throw uniqueNameError(err, w.name);
    }
  }

  async getWebhook(id: string): Promise<Webhook | undefined> {
    const row = await this.#webhookReads.submit(id);
    return row === undefined ? undefined : rowToWebhook(row, this.#box);
  }

  async listWebhooks(): Promise<Webhook[]> {
    return (await this.#rows<WebhookRow>('SELECT * FROM webhooks ORDER BY id')).map((r) => rowToWebhook(r, this.#box));
  }

  async listWebhookRoutes(since?: number): Promise<WebhookRoute[]> {
    return (await this.#rows<WebhookRow>('SELECT id, enabled, spec, updated_at FROM webhooks WHERE updated_at >= $1 ORDER BY id', [since ?? -1]))
      .map(rowToRoute);
  }

  async webhooksVersion(): Promise<WebhooksVersion> {
    const [row] = await this.#rows<Parameters<typeof rowToVersion>[0]>(WEBHOOKS_VERSION_SQL, []);
    return rowToVersion(row!);
  }

  async updateWebhook(w: Webhook): Promise<boolean> {
    const r = webhookToRow(w, this.#box);
    try {
      // Enabling a disabled webhook starts its failure clock afresh, or the next failure would disable it again.
      return (await this.#count(`UPDATE webhooks SET name = $1, enabled = $2, concurrency = $3, spec = $4, sealed = $5,
        disabled_reason = $6, updated_at = $7, failing_since = CASE WHEN NOT enabled AND $2 THEN NULL ELSE failing_since END
        WHERE id = $8`,
      [r.name, w.enabled, r.concurrency, r.spec, r.sealed, r.disabled_reason, r.updated_at, r.id])) > 0;
    } catch (err) {
      throw uniqueNameError(err, w.name);
    }
  }

  async deleteWebhook(id: string): Promise<boolean> {
    return (await this.#count('DELETE FROM webhooks WHERE id = $1', [id])) > 0;
  }

  async disableWebhook(id: string, reason: string, now: number): Promise<boolean> {
    return (await this.#count('UPDATE webhooks SET enabled = false, disabled_reason = $1, updated_at = $2 WHERE id = $3 AND enabled', [reason, now, id])) > 0;
  }

  async markWebhookFailing(id: string, now: number): Promise<number | null> {
    const [row] = await this.#rows<{ failing_since: string }>(`UPDATE webhooks SET failing_since = coalesce(failing_since, $2)
      WHERE id = $1 RETURNING failing_since`, [id, now]);
    return row === undefined ? null : Number(row.failing_since);
  }

  /** The row lock makes one concurrent caller see the old value and the others see it cleared. */
  async clearWebhookFailing(id: string): Promise<number | null> {
    const [row] = await this.#rows<{ failing_since: string }>(`UPDATE webhooks w SET failing_since = NULL
      FROM (SELECT id, failing_since FROM webhooks WHERE id = $1 AND failing_since IS NOT NULL FOR UPDATE) old
      WHERE w.id = old.id RETURNING old.failing_since`, [id]);
    return row === undefined ? null : Number(row.failing_since);
  }

  async recordEvent(event: HeraldEvent, webhookIds: readonly string[], opts: {
    now?: number; once?: boolean; state?: readonly SourceStateWrite[]; fence?: Fence;
  } = {}): Promise<RecordEventResult> {
    const args = { now: opts.now ?? Date.now(), once: opts.once === true, state: opts.state ?? [], fence: opts.fence };
    if (args.state.length > 0 || args.fence !== undefined) return recordEventRow(this.#pool, event, webhookIds, args);
    return this.#ingests.submit({ event, data: JSON.stringify(event), webhookIds, now: args.now, once: args.once });
  }

  /** One transaction on one connection, one statement per event: the batch commits whole or not at all. */
  async recordEvents(items: readonly EventToRecord[], opts: { now?: number } = {}): Promise<RecordEventResult[]> {
    const args = { now: opts.now ?? Date.now(), once: false, state: [] };
    return inTransaction(this.#pool, async (db) => {
      const results: RecordEventResult[] = [];
      for (const item of items) results.push(await recordEventRow(db, item.event, item.webhookIds, args));
      return results;
    });
  }

  async getEvent(id: string): Promise<HeraldEvent | undefined> {
    const [row] = await this.#rows<{ data: string }>('SELECT data FROM events WHERE id = $1', [id]);
    return row === undefined ? undefined : parseEvent(row.data);
  }

  async listEvents(cursor: string | undefined, limit: number, query?: EventQuery): Promise<Page<HeraldEvent>> {
    const { sql, params } = eventQuerySql(POSTGRES_EVENT_SQL, cursor, limit, query);
    const rows = await this.#rows<{ id: string; data: string }>(sql, params);
    return pageOf(rows.map((r) => parseEvent(r.data)), limit, (e) => e.id);
  }

  async claimDue(owner: string, now: number, limit: number, leaseMs: number): Promise<Claim[]> {
    if (limit <= 0) return [];
    const rows = await claimDueRows(this.#pool, owner, now, limit, leaseMs, this.#claimCursor);
    if (rows.length > 0) this.#claimCursor = rows[rows.length - 1]!.webhook_id;
    const webhooks = new Map<string, Webhook>();
    for (const r of rows) {
      const w = claimedWebhookRow(r);
      if (w !== undefined) webhooks.set(w.id, this.#claimed.toWebhook(w));
    }
    return rows.map((r): Claim => {
      const claim: Claim = { delivery: rowToDelivery(r), owner, event: parseEvent(r.event_data) };
      const webhook = webhooks.get(r.webhook_id);
      if (webhook !== undefined) claim.webhook = webhook;
      return claim;
    });
  }

  async claimOne(deliveryId: string, owner: string, now: number, leaseMs: number): Promise<Claim | undefined> {
    const row = await claimOneRow(this.#pool, deliveryId, owner, now, leaseMs);
    return row === undefined ? undefined : { delivery: rowToDelivery(row), owner };
  }

  async completeAttempt(claim: Claim, attempt: Attempt, completion: Completion): Promise<boolean> {
    return this.#completions.submit({ claim, attempt, completion });
  }

  async claimCompanions(claim: Claim, now: number, limit: number, leaseMs: number): Promise<Claim[]> {
    const rows = await claimCompanionRows(this.#pool, claim.delivery.webhookId, claim.delivery.id, claim.owner, now, limit, leaseMs);
    return rows.map((row) => ({ delivery: rowToDelivery(row), owner: claim.owner }));
  }

  reserveSendSlot(key: string, now: number, intervalMs: number, horizonMs: number): Promise<SendSlot> {
    return reserveSlotRow(this.#pool, key, now, intervalMs, horizonMs);
  }

  deferSendSlot(key: string, until: number): Promise<void> {
    return deferSlotRow(this.#pool, key, until);
  }

  async releaseClaim(claim: Claim, nextAttemptAt: number): Promise<boolean> {
    return (await this.#count(`UPDATE deliveries SET status = 'pending', next_attempt_at = $1, locked_by = NULL, locked_until = NULL
      WHERE id = $2 AND locked_by = $3 AND status = 'delivering'`, [nextAttemptAt, claim.delivery.id, claim.owner])) > 0;
  }

  async releaseLeases(owner: string | null): Promise<number> {
    return this.#count(`UPDATE deliveries SET status = 'pending', locked_by = NULL, locked_until = NULL
      WHERE status = 'delivering' AND ($1::text IS NULL OR locked_by = $1)`, [owner]);
  }

  /** Only work claimDue could take (Store.nextDueAt); each min is a per-webhook index probe. */
  async nextDueAt(): Promise<number | null> {
    // perf: only webhooks with pending or leased work (ACTIVE_WEBHOOKS of postgres-claim.ts).
    // Named, so it is parsed and planned once per connection: the dispatcher asks after every claim.
    const { rows: [row] } = await this.#pool.query<{ at: string | null }>({ name: 'herald_next_due_at', values: [], text: `WITH RECURSIVE ${ACTIVE_WEBHOOKS} SELECT least(
      (SELECT min((SELECT min(d.next_attempt_at) FROM deliveries d WHERE d.webhook_id = w.id AND d.status = 'pending'))
        FROM webhooks w WHERE w.enabled AND w.id IN (SELECT id FROM active)
          AND (SELECT count(*) FROM deliveries l WHERE l.webhook_id = w.id AND l.status = 'delivering') < w.concurrency),
      (SELECT min(d.locked_until) FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id
        WHERE d.status = 'delivering' AND w.enabled)) AS at` });
    return row?.at == null ? null : Number(row.at);
  }

  async getDelivery(id: string): Promise<Delivery | undefined> {
    const [row] = await this.#rows<DeliveryRow>('SELECT * FROM deliveries WHERE id = $1', [id]);
    return row === undefined ? undefined : rowToDelivery(row);
  }

  async listDeliveries(q: ListDeliveriesQuery): Promise<Page<Delivery>> {
    const { sql, params } = deliveryQuerySql({ ...POSTGRES_EVENT_SQL, contains: (expr, needle) => `strpos(lower(${expr}), ${needle}) > 0` }, q);
    return pageOf((await this.#rows<DeliveryRow>(sql, params)).map(rowToDelivery), q.limit, (d) => d.id);
  }

  async listEventDeliveries(eventId: string): Promise<Delivery[]> {
    return (await this.#rows<DeliveryRow>('SELECT * FROM deliveries WHERE event_id = $1 ORDER BY id', [eventId])).map(rowToDelivery);
  }

  async listAttempts(deliveryId: string): Promise<Attempt[]> {
    return (await this.#rows<AttemptRow>('SELECT * FROM attempts WHERE delivery_id = $1 ORDER BY attempt', [deliveryId])).map(rowToAttempt);
  }

  async redeliver(id: string, now: number): Promise<Delivery | undefined> {
    const [row] = await this.#rows<DeliveryRow>(`UPDATE deliveries SET status = 'pending', next_attempt_at = $1, once = false, updated_at = $1,
      triggered_by = 'redeliver' WHERE id = $2 AND status IN ('succeeded', 'failed') RETURNING *`, [now, id]);
    return row === undefined ? undefined : rowToDelivery(row);
  }

  async redeliverFailedSince(webhookId: string, since: number, now: number, opts: RedeliverOptions = {}): Promise<number> {
    return this.#count(`UPDATE deliveries SET status = 'pending', next_attempt_at = $1, once = false, updated_at = $1, triggered_by = $4
      WHERE id IN (SELECT id FROM deliveries WHERE webhook_id = $2 AND status = 'failed' AND created_at >= $3
        ORDER BY id LIMIT $5 FOR UPDATE SKIP LOCKED)`, [now, webhookId, since, opts.trigger ?? 'redeliver', opts.limit ?? null]);
  }

  async deliveryCounts(webhookId?: string): Promise<Record<DeliveryStatus, number>> {
    const rows = await this.#rows<{ status: DeliveryStatus; n: string }>(`SELECT status, count(*) AS n FROM deliveries
      WHERE $1::text IS NULL OR webhook_id = $1 GROUP BY status`, [webhookId ?? null]);
    return { ...EMPTY_COUNTS, ...Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) };
  }

  async getSourceState(scope: string, key: string): Promise<unknown | undefined> {
    const [row] = await this.#rows<{ value: string }>('SELECT value FROM source_state WHERE scope = $1 AND key = $2', [scope, key]);
    return row === undefined ? undefined : JSON.parse(row.value);
  }

  async listSourceState(scope: string): Promise<Array<{ key: string; value: unknown }>> {
    const rows = await this.#rows<{ key: string; value: string }>('SELECT key, value FROM source_state WHERE scope = $1 ORDER BY key', [scope]);
    return rows.map((r) => ({ key: r.key, value: JSON.parse(r.value) }));
  }

  async putSourceState(writes: readonly SourceStateWrite[], fence?: Fence): Promise<void> {
    await putSourceStateRows(this.#pool, writes, fence);
  }
}

function uniqueNameError(err: unknown, name: string): unknown {
  return isUniqueViolation(err, 'webhooks_name_key')
    ? new HeraldError('CONFLICT', `a webhook named "${name}" already exists`, { field: 'name', cause: err })
    : err;
}
