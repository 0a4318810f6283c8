/**
 * Migrations run in order at open; `user_version` records how far a file got,
 * so an older data file is upgraded in place.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE webhooks (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    enabled INTEGER NOT NULL,
    concurrency INTEGER NOT NULL,
    spec TEXT NOT NULL,
    sealed TEXT NOT NULL,
    disabled_reason TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE events (
    id TEXT PRIMARY KEY,
    dedup_key TEXT UNIQUE,
    data TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE deliveries (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    locked_by TEXT,
    locked_until INTEGER,
    last_status_code INTEGER,
    last_error TEXT,
    once INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  -- The dispatcher's hot query: due work, in time order.
  CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at) WHERE status IN ('pending', 'delivering');
  CREATE INDEX deliveries_by_webhook ON deliveries (webhook_id, id);
  -- The claim walks each webhook's due work in time order.
  CREATE INDEX deliveries_due_by_webhook ON deliveries (webhook_id, status, next_attempt_at);
  CREATE INDEX deliveries_by_event ON deliveries (event_id);
  CREATE TABLE attempts (
    id TEXT PRIMARY KEY,
    delivery_id TEXT NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
    attempt INTEGER NOT NULL,
    started_at INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    status_code INTEGER,
    response_body TEXT,
    error TEXT,
    outcome TEXT NOT NULL
  );
  CREATE INDEX attempts_by_delivery ON attempts (delivery_id, attempt);
  CREATE TABLE source_state (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (scope, key)
  );
  `,
  // Why each attempt happens (first, retry, redeliver, recovered, test), and since when a receiver fails.
  `
  ALTER TABLE deliveries ADD COLUMN triggered_by TEXT NOT NULL DEFAULT 'first';
  ALTER TABLE attempts ADD COLUMN triggered_by TEXT NOT NULL DEFAULT 'first';
  ALTER TABLE webhooks ADD COLUMN failing_since INTEGER;
  `,
  // Silences (src/core/silence.ts): matchers as JSON text; the times are columns, so routing reads only live ones.
  `
  CREATE TABLE silences (
    id TEXT PRIMARY KEY,
    matchers TEXT NOT NULL,
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    comment TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX silences_by_end ON silences (ends_at);
  `,
  // Grouping and rate limits: the next turn of each webhook (and of each group), shared by every delivery.
  `
  CREATE TABLE send_slots (
    key TEXT PRIMARY KEY,
    next_at INTEGER NOT NULL
  );
  `,
  // perf: the claim and nextDueAt find the webhooks with pending or leased work by skipping
  // through this index (sqlite-claim.ts), instead of probing every webhook.
  `
  CREATE INDEX deliveries_active_webhooks ON deliveries (status, webhook_id);
  `,
];
