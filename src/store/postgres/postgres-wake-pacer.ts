import type { Queryable } from './postgres-db.ts';
import { WAKE_CHANNEL } from './postgres-notify.ts';

/**
 * At most one NOTIFY per `intervalMs` from the batches of one store, and
 * always one within `intervalMs` of any batch that wrote deliveries, so other
 * replicas still wake within that time (this replica's own dispatcher is woken
 * in-process). Why: a transaction that NOTIFYs takes a database-wide lock at
 * commit, so batches that each NOTIFY commit one after the other; without a
 * NOTIFY per batch, 0.73× → 1.00× and 0.48× → 0.56× graphile-worker in two
 * paired runs of `npm run bench -- --quick --only pg`.
 */
export class WakePacer {
  readonly #db: Queryable;
  readonly #intervalMs: number;
  #last = -Infinity;
  #timer: NodeJS.Timeout | undefined;

  constructor(db: Queryable, intervalMs: number) {
    this.#db = db;
    this.#intervalMs = intervalMs;
  }

  /** Whether the batch about to be written NOTIFYs itself; when true the window starts now. */
  takeTurn(): boolean {
    const now = Date.now();
    if (now - this.#last < this.#intervalMs) return false;
    this.#last = now;
    return true;
  }

  /** A batch that did not NOTIFY wrote deliveries: one NOTIFY when the window ends. */
  owe(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#last = Date.now();
      // Lost only with the database connection; the other replicas' idle poll is the safety net.
      this.#db.query(`SELECT pg_notify('${WAKE_CHANNEL}', current_schema())`).catch(() => {});
    }, Math.max(0, this.#last + this.#intervalMs - Date.now()));
    this.#timer.unref();
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
