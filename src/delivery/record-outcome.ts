import type { Clock } from '../core/clock.ts';
import { newId } from '../core/ids.ts';
import type { Attempt, Claim, Store } from '../store/store.ts';
import type { CompletedDispatch } from './dispatch-steps.ts';

/**
 * Writes an attempt's outcome. A failed write (disk full, database error)
 * used to leave the delivery leased for the whole lease (90 s), stalling a
 * webhook at its concurrency for that long once the fault was gone. Now the
 * write is retried a few times with short backoff; then the lease is handed
 * back without an attempt recorded, so the delivery is due again within
 * seconds. The receiver then sees it again: at-least-once, with the same
 * webhook-id to de-duplicate on.
 */
export type RecordResult =
  /** The attempt and the delivery's new state are stored. */
  | 'recorded'
  /** Another dispatcher took the lease over meanwhile; nothing was written. */
  | 'lost'
  /** The outcome could not be written; the delivery is due again now. */
  | 'released'
  /** Neither write nor release succeeded before the lease ran out; the lease expiry frees it. */
  | 'stuck';

export interface RecordDeps {
  store: Store;
  clock: Clock;
  leaseMs: number;
  onError: (err: unknown, what: string) => void;
  /** True once the dispatcher stops: a shutdown does not wait out a broken store; the lease expiry frees the delivery. */
  stopping: () => boolean;
}

/** Backoff between write attempts: the fault is often momentary (a busy database, a failover). */
export const WRITE_RETRY_DELAYS_MS: readonly number[] = [50, 250, 1000];
/** How often a release is tried again while the store keeps failing. */
export const RELEASE_RETRY_MS = 1000;

export async function recordOutcome(deps: RecordDeps, done: CompletedDispatch): Promise<RecordResult> {
  const { store, clock, onError } = deps;
  const { claim, attempt, completion } = done;
  const deadline = clock.now() + deps.leaseMs;
  for (let i = 0; ; i++) {
    try {
      return (await store.completeAttempt(claim, attempt, completion)) ? 'recorded' : 'lost';
    } catch (err) {
      onError(err, `could not record attempt ${attempt.attempt} of delivery ${claim.delivery.id}`);
      const delay = WRITE_RETRY_DELAYS_MS[i];
      if (delay === undefined) break;
      await clock.sleep(delay);
    }
  }
  return releaseClaim(deps, claim, deadline, 'after its outcome failed to record');
}

/**
 * Hands a claim back so the delivery is due again now, retrying while the
 * store fails, until the lease would have run out anyway. Also used when a
 * claimed delivery could not even be loaded (its connection was terminated in
 * a failover): without it, every slot of the webhook stayed leased for the
 * whole lease (90 s), measured with pg_terminate_backend during delivery.
 */
export async function releaseClaim(deps: RecordDeps, claim: Claim, deadline: number, why: string): Promise<RecordResult> {
  const { store, clock, onError } = deps;
  for (;;) {
    try {
      return (await store.releaseClaim(claim, clock.now())) ? 'released' : 'lost';
    } catch (err) {
      onError(err, `could not release delivery ${claim.delivery.id} ${why}`);
      if (clock.now() + RELEASE_RETRY_MS >= deadline || deps.stopping()) return 'stuck';
      await clock.sleep(RELEASE_RETRY_MS);
    }
  }
}

/**
 * Grouping: the deliveries sent along in one message share its outcome, each
 * with an attempt of its own. One that cannot be written is handed back by
 * its lease expiry and sent again (at-least-once, as above).
 */
export async function recordCompanions(deps: RecordDeps, done: CompletedDispatch): Promise<void> {
  const { store, onError } = deps;
  await Promise.all((done.companions ?? []).map(async ({ claim }) => {
    const attempt: Attempt = {
      ...done.attempt, id: newId('att', done.attempt.startedAt), deliveryId: claim.delivery.id, attempt: claim.delivery.attempts + 1,
    };
    try {
      await store.completeAttempt(claim, attempt, done.completion);
    } catch (err) {
      onError(err, `could not record attempt ${attempt.attempt} of grouped delivery ${claim.delivery.id}`);
    }
  }));
}
