/**
 * The claim (postgres-claim.ts) as one PL/pgSQL function, so a claim is one
 * round trip instead of four (BEGIN, lock the webhooks, lease, COMMIT). The two
 * statements and their order are the claim's rules unchanged: a VOLATILE
 * function takes a fresh snapshot for each statement under READ COMMITTED, so
 * the second still counts live leases after the first holds the webhook locks,
 * and the locks last until the calling statement commits. The leased rows come
 * back with their event's data (Claim.event), so the dispatcher reads no event.
 *
 * Shipped as migration 6 (postgres-schema.ts): never edit this text; a change
 * is a new migration with CREATE OR REPLACE.
 */
export const CLAIM_FUNCTION_V1 = `
  CREATE FUNCTION herald_claim_due(p_now bigint, p_owner text, p_until bigint, p_limit integer, p_after text)
  RETURNS TABLE (id text, event_id text, webhook_id text, status text, attempts integer, next_attempt_at bigint,
    locked_by text, locked_until bigint, last_status_code integer, last_error text, once boolean,
    created_at bigint, updated_at bigint, triggered_by text, pos integer, turn bigint, event_data text)
  LANGUAGE plpgsql VOLATILE AS $fn$
  #variable_conflict use_column
  DECLARE
    ids text[];
  BEGIN
    -- 1. The webhooks to serve, locked (see claimDueRows for each test's why).
    ids := ARRAY(
      WITH RECURSIVE
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
        SELECT id FROM active_pending WHERE id IS NOT NULL UNION SELECT id FROM active_leased WHERE id IS NOT NULL)
      SELECT w.id FROM webhooks w
      WHERE w.enabled AND w.id IN (SELECT id FROM active)
        AND ((SELECT min(d.next_attempt_at) FROM deliveries d WHERE d.webhook_id = w.id AND d.status = 'pending') <= p_now
          OR (SELECT min(d.locked_until) FROM deliveries d WHERE d.webhook_id = w.id AND d.status = 'delivering') <= p_now)
        AND (SELECT count(*) FROM deliveries d
             WHERE d.webhook_id = w.id AND d.status = 'delivering' AND d.locked_until > p_now) < w.concurrency
      ORDER BY w.id <= p_after, w.id
      LIMIT p_limit
      FOR NO KEY UPDATE OF w SKIP LOCKED);
    IF cardinality(ids) = 0 THEN RETURN; END IF;

    -- 2. In a snapshot taken under those locks: exact room, oldest due work dealt round-robin, leased.
    RETURN QUERY
    WITH room AS (
      SELECT w.id AS webhook_id, array_position(ids, w.id::text) AS pos,
        least(w.concurrency - (SELECT count(*) FROM deliveries l
          WHERE l.webhook_id = w.id AND l.status = 'delivering' AND l.locked_until > p_now), p_limit)::int AS n
      FROM webhooks w WHERE w.id = ANY(ids)
    ),
    candidates AS (
      SELECT c.id, r.pos, r.n, row_number() OVER (PARTITION BY r.webhook_id ORDER BY c.due, c.id) AS turn
      FROM room r CROSS JOIN LATERAL (
        (SELECT d.id, d.next_attempt_at AS due FROM deliveries d
          WHERE d.webhook_id = r.webhook_id AND d.status = 'pending' AND d.next_attempt_at <= p_now
          ORDER BY d.next_attempt_at LIMIT r.n)
        UNION ALL
        (SELECT d.id, d.locked_until AS due FROM deliveries d
          WHERE d.webhook_id = r.webhook_id AND d.status = 'delivering' AND d.locked_until <= p_now
          ORDER BY d.locked_until LIMIT r.n)
      ) c
      WHERE r.n > 0
    ),
    picked AS (
      SELECT id, pos, turn FROM candidates WHERE turn <= n ORDER BY turn, pos LIMIT p_limit
    ),
    locked AS (
      SELECT d.id, p.pos, p.turn FROM deliveries d JOIN picked p ON p.id = d.id
      WHERE (d.status = 'pending' AND d.next_attempt_at <= p_now) OR (d.status = 'delivering' AND d.locked_until <= p_now)
      FOR UPDATE OF d SKIP LOCKED
    )
    UPDATE deliveries d SET status = 'delivering', locked_by = p_owner, locked_until = p_until, updated_at = p_now
    FROM locked l, events e WHERE d.id = l.id AND e.id = d.event_id
    RETURNING d.id::text, d.event_id::text, d.webhook_id::text, d.status, d.attempts, d.next_attempt_at,
      d.locked_by, d.locked_until, d.last_status_code, d.last_error, d.once,
      d.created_at, d.updated_at, d.triggered_by, l.pos, l.turn, e.data;
  END
  $fn$`;

/**
 * Migration 7: the same claim, and the served webhooks' rows with it, read
 * under the claim's own webhook locks (so failing_since and every edit
 * committed before the claim are seen), on the first row of each webhook's
 * share only (the others carry NULLs): the dispatcher then reads no webhook
 * per delivery (Claim.webhook). That read was 0.13 statements per delivery
 * and its decryption ~6% of Herald's CPU under `bench/run.ts --only pg`.
 * A new name rather than a replaced function: a replica of the previous
 * version still running during a rolling upgrade keeps calling
 * herald_claim_due, whose result type it prepared.
 *
 * Shipped as migration 7: never edit this text. It repeats herald_claim_due's
 * statements (and ACTIVE_WEBHOOKS, postgres-claim.ts) word for word rather
 * than composing them from shared pieces on purpose: a shipped migration must
 * read the same forever, and a shared piece edited for the next version would
 * change both silently.
 */
export const CLAIM_FUNCTION_V2 = `
  CREATE FUNCTION herald_claim_due_with_webhooks(p_now bigint, p_owner text, p_until bigint, p_limit integer, p_after text)
  RETURNS TABLE (id text, event_id text, webhook_id text, status text, attempts integer, next_attempt_at bigint,
    locked_by text, locked_until bigint, last_status_code integer, last_error text, once boolean,
    created_at bigint, updated_at bigint, triggered_by text, pos integer, turn bigint, event_data text,
    w_name text, w_enabled boolean, w_concurrency integer, w_spec text, w_sealed text, w_disabled_reason text,
    w_failing_since bigint, w_created_at bigint, w_updated_at bigint)
  LANGUAGE plpgsql VOLATILE AS $fn$
  #variable_conflict use_column
  DECLARE
    ids text[];
  BEGIN
    -- 1. The webhooks to serve, locked (postgres-claim.ts says why): as in herald_claim_due.
    ids := ARRAY(
      WITH RECURSIVE
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
        SELECT id FROM active_pending WHERE id IS NOT NULL UNION SELECT id FROM active_leased WHERE id IS NOT NULL)
      SELECT w.id FROM webhooks w
      WHERE w.enabled AND w.id IN (SELECT id FROM active)
        AND ((SELECT min(d.next_attempt_at) FROM deliveries d WHERE d.webhook_id = w.id AND d.status = 'pending') <= p_now
          OR (SELECT min(d.locked_until) FROM deliveries d WHERE d.webhook_id = w.id AND d.status = 'delivering') <= p_now)
        AND (SELECT count(*) FROM deliveries d
             WHERE d.webhook_id = w.id AND d.status = 'delivering' AND d.locked_until > p_now) < w.concurrency
      ORDER BY w.id <= p_after, w.id
      LIMIT p_limit
      FOR NO KEY UPDATE OF w SKIP LOCKED);
    IF cardinality(ids) = 0 THEN RETURN; END IF;

    -- 2. As in herald_claim_due, then each served webhook's row beside its first leased delivery.
    RETURN QUERY
    WITH room AS (
      SELECT w.id AS webhook_id, array_position(ids, w.id::text) AS pos,
        least(w.concurrency - (SELECT count(*) FROM deliveries l
          WHERE l.webhook_id = w.id AND l.status = 'delivering' AND l.locked_until > p_now), p_limit)::int AS n
      FROM webhooks w WHERE w.id = ANY(ids)
    ),
    candidates AS (
      SELECT c.id, r.pos, r.n, row_number() OVER (PARTITION BY r.webhook_id ORDER BY c.due, c.id) AS turn
      FROM room r CROSS JOIN LATERAL (
        (SELECT d.id, d.next_attempt_at AS due FROM deliveries d
          WHERE d.webhook_id = r.webhook_id AND d.status = 'pending' AND d.next_attempt_at <= p_now
          ORDER BY d.next_attempt_at LIMIT r.n)
        UNION ALL
        (SELECT d.id, d.locked_until AS due FROM deliveries d
          WHERE d.webhook_id = r.webhook_id AND d.status = 'delivering' AND d.locked_until <= p_now
          ORDER BY d.locked_until LIMIT r.n)
      ) c
      WHERE r.n > 0
    ),
    picked AS (
      SELECT id, pos, turn FROM candidates WHERE turn <= n ORDER BY turn, pos LIMIT p_limit
    ),
    locked AS (
      SELECT d.id, p.pos, p.turn FROM deliveries d JOIN picked p ON p.id = d.id
      WHERE (d.status = 'pending' AND d.next_attempt_at <= p_now) OR (d.status = 'delivering' AND d.locked_until <= p_now)
      FOR UPDATE OF d SKIP LOCKED
    ),
    leased AS (
      UPDATE deliveries d SET status = 'delivering', locked_by = p_owner, locked_until = p_until, updated_at = p_now
      FROM locked l, events e WHERE d.id = l.id AND e.id = d.event_id
      RETURNING d.id::text AS id, d.event_id::text AS event_id, d.webhook_id::text AS webhook_id, d.status, d.attempts,
        d.next_attempt_at, d.locked_by, d.locked_until, d.last_status_code, d.last_error, d.once,
        d.created_at, d.updated_at, d.triggered_by, l.pos, l.turn, e.data
    ),
    ranked AS (
      SELECT x.*, row_number() OVER (PARTITION BY x.webhook_id ORDER BY x.turn) = 1 AS is_first FROM leased x
    )
    SELECT x.id, x.event_id, x.webhook_id, x.status, x.attempts, x.next_attempt_at, x.locked_by, x.locked_until,
      x.last_status_code, x.last_error, x.once, x.created_at, x.updated_at, x.triggered_by, x.pos, x.turn, x.data,
      CASE WHEN x.is_first THEN w.name END, CASE WHEN x.is_first THEN w.enabled END, CASE WHEN x.is_first THEN w.concurrency END,
      CASE WHEN x.is_first THEN w.spec END, CASE WHEN x.is_first THEN w.sealed END, CASE WHEN x.is_first THEN w.disabled_reason END,
      CASE WHEN x.is_first THEN w.failing_since END, CASE WHEN x.is_first THEN w.created_at END, CASE WHEN x.is_first THEN w.updated_at END
    FROM ranked x JOIN webhooks w ON w.id = x.webhook_id;
  END
  $fn$`;
