import type { Attempt, Claim, Completion } from '../store.ts';
import { storableText, type Queryable } from './postgres-db.ts';

/**
 * Finishes one attempt in one statement (so one transaction and one round
 * trip): the delivery update matches only while `owner` still holds the lease,
 * and the attempt row is inserted from that update's result, so a stale owner
 * changes nothing and writes no attempt.
 */
export async function completeAttemptRow(db: Queryable, claim: Claim, attempt: Attempt, completion: Completion): Promise<boolean> {
  const next = completion.status === 'pending' ? completion.nextAttemptAt : claim.delivery.nextAttemptAt;
  const error = storableText(attempt.error);
  const { rowCount } = await db.query({
    name: 'herald_complete_attempt',
    text: `
    WITH d AS (
      UPDATE deliveries SET status = $3, attempts = attempts + $15, next_attempt_at = $4, last_status_code = $5,
        last_error = $6, locked_by = NULL, locked_until = NULL, updated_at = $7,
        triggered_by = CASE WHEN $3 = 'pending' THEN 'retry' ELSE triggered_by END
      WHERE id = $1 AND locked_by = $2 AND status = 'delivering'
      RETURNING id
    )
    INSERT INTO attempts (id, delivery_id, attempt, started_at, duration_ms, status_code, response_body, error, outcome, triggered_by)
    SELECT $8, d.id, $9, $10, $11, $5, $12, $6, $13, $14 FROM d`,
    values: [claim.delivery.id, claim.owner, completion.status, next, attempt.statusCode, error,
      attempt.startedAt + attempt.durationMs, attempt.id, attempt.attempt, attempt.startedAt, attempt.durationMs,
      storableText(attempt.responseBody), attempt.outcome, attempt.trigger,
      // A throttled attempt (429) is recorded but does not use up the retry budget.
      completion.status === 'pending' && completion.throttled === true ? 0 : 1],
  });
  return rowCount === 1;
}
