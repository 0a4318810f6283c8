import { quoteIdent, type PoolLike } from './postgres-db.ts';
import { CLAIM_FUNCTION_V1, CLAIM_FUNCTION_V2 } from './postgres-claim-function.ts';

/**
 * Migrations run in order at open; `herald_migrations` records each one
 * applied. Never edit a shipped entry: append a new one.
 *
 * JSON (webhook spec, event data, source state) is `text`, not `jsonb`: jsonb
 * reorders object keys and refuses "\u0000" in strings, while text gives back
 * exactly what SQLite gives back, so both stores send identical payloads.
 * Ids are `COLLATE "C"` so they sort byte-wise, as in SQLite, whatever the
 * database's collation: time-ordered ids then double as cursors.
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE webhooks (
    id text COLLATE "C" PRIMARY KEY,
    name text NOT NULL CONSTRAINT webhooks_name_key UNIQUE,
    enabled boolean NOT NULL,
    concurrency integer NOT NULL,
    spec text NOT NULL,
    sealed text NOT NULL,
    disabled_reason text,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL
  );
  CREATE TABLE events (
    id text COLLATE "C" PRIMARY KEY,
    dedup_key text CONSTRAINT events_dedup_key_key UNIQUE,
    data text NOT NULL,
    created_at bigint NOT NULL
  );
  CREATE TABLE deliveries (
    id text COLLATE "C" PRIMARY KEY,
    event_id text COLLATE "C" NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    webhook_id text COLLATE "C" NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    status text NOT NULL CHECK (status IN ('pending', 'delivering', 'succeeded', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at bigint NOT NULL,
    locked_by text,
    locked_until bigint,
    last_status_code integer,
    last_error text,
    once boolean NOT NULL DEFAULT false,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL
  );
  -- History pages, newest first.
  CREATE INDEX deliveries_by_webhook ON deliveries (webhook_id, id);
  -- The claim walks each webhook's due work in time order, and counts its live leases.
  CREATE INDEX deliveries_pending ON deliveries (webhook_id, next_attempt_at) WHERE status = 'pending';
  CREATE INDEX deliveries_leased ON deliveries (webhook_id, locked_until) WHERE status = 'delivering';
  CREATE INDEX deliveries_by_event ON deliveries (event_id);
  CREATE TABLE attempts (
    id text COLLATE "C" PRIMARY KEY,
    delivery_id text COLLATE "C" NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
    attempt integer NOT NULL,
    started_at bigint NOT NULL,
    duration_ms integer NOT NULL,
    status_code integer,
    response_body text,
    error text,
    outcome text NOT NULL
  );
  CREATE INDEX attempts_by_delivery ON attempts (delivery_id, attempt);
  CREATE TABLE source_state (
    scope text NOT NULL,
    key text COLLATE "C" NOT NULL,
    value text NOT NULL,
    PRIMARY KEY (scope, key)
  );
  `,
  // Why each attempt happens (first, retry, redeliver, recovered, test), and since when a receiver fails.
  `
  ALTER TABLE deliveries ADD COLUMN triggered_by text NOT NULL DEFAULT 'first'
    CHECK (triggered_by IN ('first', 'retry', 'redeliver', 'recovered', 'test'));
  ALTER TABLE attempts ADD COLUMN triggered_by text NOT NULL DEFAULT 'first';
  ALTER TABLE webhooks ADD COLUMN failing_since bigint;
  `,
  `
  -- Cluster-watch leader election (postgres-lease.ts): one row per lease, its
  -- token growing each time the lease changes hands; times by the database clock.
  CREATE TABLE leases (
    name text PRIMARY KEY,
    holder text NOT NULL,
    token bigint NOT NULL,
    expires_at bigint NOT NULL
  );
  `,
  `
  -- Silences (src/core/silence.ts): matchers as JSON text; the times are columns, so routing reads only live ones.
  CREATE TABLE silences (
    id text COLLATE "C" PRIMARY KEY,
    matchers text NOT NULL,
    starts_at bigint NOT NULL,
    ends_at bigint NOT NULL,
    created_by text NOT NULL,
    comment text NOT NULL,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL
  );
  CREATE INDEX silences_by_end ON silences (ends_at);
  `,
  // Grouping and rate limits: the next turn of each webhook (and of each group), shared by every replica.
  `
  CREATE TABLE send_slots (
    key text COLLATE "C" PRIMARY KEY,
    next_at bigint NOT NULL
  );
  `,
  // The claim as one call (postgres-claim-function.ts).
  CLAIM_FUNCTION_V1,
  // The claim with its webhooks (postgres-claim-function.ts).
  CLAIM_FUNCTION_V2,
];

/**
 * An arbitrary constant naming the session advisory lock that serialises
 * migrations ("hrds"); the account tables use another. Advisory locks are
 * per database, so replicas migrating different schemas also take turns.
 */
export const MIGRATION_LOCK = 0x68726473;

/**
 * Brings the schema up to date. Replicas starting together all call this; the
 * advisory lock makes them take turns, so the first migrates and the others
 * find nothing left to do. Each migration commits with its version row.
 */
export async function migrate(pool: PoolLike, schema: string | undefined): Promise<number> {
  const client = await pool.connect();
  let applied = 0;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      await client.query('CREATE TABLE IF NOT EXISTS herald_migrations (version integer PRIMARY KEY, applied_at bigint NOT NULL)');
      const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM herald_migrations');
      for (let v = rows[0]?.v ?? 0; v < POSTGRES_MIGRATIONS.length; v++) {
        await client.query('BEGIN');
        try {
          await client.query(POSTGRES_MIGRATIONS[v]!);
          await client.query('INSERT INTO herald_migrations (version, applied_at) VALUES ($1, $2)', [v + 1, Date.now()]);
          await client.query('COMMIT');
          applied++;
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
    client.release();
  } catch (err) {
    client.release(err as Error);
    throw err;
  }
  return applied;
}
