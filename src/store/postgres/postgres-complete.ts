import type { Attempt, Claim, Completion } from '../store.ts';
import { storableText, type Queryable } from './postgres-db.ts';

/** One completeAttempt call, as the batch statement takes it. */
export interface CompletionItem { claim: Claim; attempt: Attempt; completion: Completion }

/**
 * Finishes the attempts of many deliveries in one statement (so one
 * transaction and one round trip, whatever their number: the completions
 * arriving together are batched by postgres-batcher.ts). Each delivery's
 * update matches only while its `owner` still holds the lease, and attempt
 * rows are inserted from that update's result, so a stale owner changes
 * nothing and writes no attempt. Answers, per item, whether it was written.
 * No delivery may appear twice in one call (the batcher keys on its id).
 */
export async function completeAttemptRows(db: Queryable, items: readonly CompletionItem[]): Promise<boolean[]> {
  const col = <T>(f: (i: CompletionItem) => T) => items.map(f);
  const { rows } = await db.query<{ delivery_id: string }>({
    name: 'herald_complete_attempts',
    text: `
    WITH x AS (
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::int[], $6::text[], $7::bigint[],
        $8::text[], $9::int[], $10::bigint[], $11::int[], $12::text[], $13::text[], $14::text[], $15::int[])
        AS x(id, owner, status, next_at, status_code, error, finished_at, attempt_id, attempt, started_at, duration_ms,
          response_body, outcome, trigger, counted)
    ),
    d AS (
      UPDATE deliveries d SET status = x.status, attempts = d.attempts + x.counted, next_attempt_at = x.next_at,
        last_status_code = x.status_code, last_error = x.error, locked_by = NULL, locked_until = NULL, updated_at = x.finished_at,
        triggered_by = CASE WHEN x.status = 'pending' THEN 'retry' ELSE d.triggered_by END
      FROM x WHERE d.id = x.id AND d.locked_by = x.owner AND d.status = 'delivering'
      RETURNING d.id
    )
    INSERT INTO attempts (id, delivery_id, attempt, started_at, duration_ms, status_code, response_body, error, outcome, triggered_by)
    SELECT x.attempt_id, x.id, x.attempt, x.started_at, x.duration_ms, x.status_code, x.response_body, x.error, x.outcome, x.trigger
    FROM x JOIN d ON d.id = x.id
    RETURNING delivery_id`,
    values: [
      col((i) => i.claim.delivery.id), col((i) => i.claim.owner), col((i) => i.completion.status),
      col((i) => i.completion.status === 'pending' ? i.completion.nextAttemptAt : i.claim.delivery.nextAttemptAt),
      col((i) => i.attempt.statusCode), col((i) => storableText(i.attempt.error)),
      col((i) => i.attempt.startedAt + i.attempt.durationMs), col((i) => i.attempt.id), col((i) => i.attempt.attempt),
      col((i) => i.attempt.startedAt), col((i) => i.attempt.durationMs), col((i) => storableText(i.attempt.responseBody)),
      col((i) => i.attempt.outcome), col((i) => i.attempt.trigger),
      // A throttled attempt (429) is recorded but does not use up the retry budget.
      col((i) => i.completion.status === 'pending' && i.completion.throttled === true ? 0 : 1),
    ],
  });
  const written = new Set(rows.map((r) => r.delivery_id));
  return items.map((i) => written.has(i.claim.delivery.id));
}
