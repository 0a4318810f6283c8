/**
 * Claims due deliveries fairly: `row_number() OVER (PARTITION BY webhook_id)`
 * ranks each webhook's due work, and a webhook gets at most `concurrency`
 * minus what is already leased to any dispatcher. Ordering by that rank first
 * round-robins across webhooks, so one slow receiver with a deep backlog
 * cannot fill a batch and starve the others. Expired leases (a dispatcher
 * died mid-attempt) count as due again.
 *
 * Parameters: owner, lockedUntil, now (updated_at), now, now, now, limit.
 */
export const CLAIM_DUE_SQL = `
UPDATE deliveries SET status = 'delivering', locked_by = ?1, locked_until = ?2, updated_at = ?3
WHERE id IN (
  WITH inflight AS (
    SELECT webhook_id, count(*) AS n FROM deliveries
    WHERE status = 'delivering' AND locked_until > ?4 GROUP BY webhook_id
  ),
  due AS (
    SELECT id, webhook_id, next_attempt_at,
      row_number() OVER (PARTITION BY webhook_id ORDER BY next_attempt_at, id) AS rn
    FROM deliveries
    WHERE (status = 'pending' AND next_attempt_at <= ?5)
       OR (status = 'delivering' AND locked_until <= ?6)
  )
  SELECT due.id FROM due
  JOIN webhooks w ON w.id = due.webhook_id AND w.enabled = 1
  LEFT JOIN inflight i ON i.webhook_id = due.webhook_id
  WHERE due.rn + coalesce(i.n, 0) <= w.concurrency
  ORDER BY due.rn, due.next_attempt_at
  LIMIT ?7
)
RETURNING *`;
