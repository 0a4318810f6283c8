/**
 * The changes of one watch stream (or one list) on their way to the store.
 * Each is handed over without waiting for the one before, so the changes that
 * arrive together share one group commit instead of paying a COMMIT (an
 * fsync) each, but each is acknowledged — for the watch: its resourceVersion
 * becomes the one to resume from — only once it and every change before it
 * is stored. After the first failure nothing more is taken, nothing after it
 * is acknowledged, and `settle()` throws it once every write in flight ended,
 * so the relist that follows never races a write of the stream it replaces.
 *
 * Ordering per object is the target's job (ObjectTracker chains the changes of
 * one key); this only bounds how many are in flight and orders the acknowledgements.
 */
export class PendingWrites {
  readonly #max: number;
  /** Changes taken but not yet acknowledged (a failed one stays counted: nothing after it is acknowledged). */
  #unacked = 0;
  readonly #writes = new Set<Promise<void>>();
  #acked: Promise<void> = Promise.resolve();
  #failure: { err: unknown } | undefined;
  #wake: (() => void) | undefined;
  readonly #onFailure: () => void;

  /**
   * `max`: how many changes may wait for their write at once (1 hands over one
   * change at a time); `onFailure`: told at the first failure, e.g. to end a
   * watch stream that would otherwise wait for its next event before noticing.
   */
  constructor(max: number, onFailure: () => void = () => {}) {
    this.#max = Math.max(1, max);
    this.#onFailure = onFailure;
  }

  get failed(): boolean {
    return this.#failure !== undefined;
  }

  /**
   * Takes one change: `write` its store write (undefined when it writes nothing,
   * e.g. ignored churn or a bookmark), `acknowledge` what to do once it and all
   * before it are stored. Resolves when there is room for the next change;
   * rejects with the first failure.
   */
  async add(write: Promise<void> | undefined, acknowledge: () => void): Promise<void> {
    if (this.#failure !== undefined) throw this.#failure.err;
    if (write === undefined && this.#unacked === 0) {
      acknowledge();
      return;
    }
    this.#unacked++;
    if (write !== undefined) {
      this.#writes.add(write);
      write.then(() => this.#writes.delete(write), (err: unknown) => {
        this.#writes.delete(write);
        if (this.#failure !== undefined) return;
        this.#failure = { err };
        this.#wake?.();
        this.#onFailure();
      });
    }
    // A change that writes nothing waits only for those before it (one promise less per skipped churn event).
    this.#acked = (write === undefined ? this.#acked : this.#acked.then(() => write)).then(() => {
      this.#unacked--;
      acknowledge();
      this.#wake?.();
    });
    this.#acked.catch(() => {}); // the failure is kept in #failure and told by add() and settle()
    while (this.#unacked >= this.#max && this.#failure === undefined) {
      await new Promise<void>((resolve) => { this.#wake = resolve; });
      this.#wake = undefined;
    }
    // Read again: a write may have failed while this waited (TypeScript keeps the narrowing from the top).
    const failure = this.#failure as { err: unknown } | undefined;
    if (failure !== undefined) throw failure.err;
  }

  /** Waits until every write taken has ended and the stored ones are acknowledged; then throws the first failure, if any. */
  async settle(): Promise<void> {
    while (this.#writes.size > 0) await Promise.allSettled([...this.#writes]);
    await this.#acked.catch(() => {});
    if (this.#failure !== undefined) throw this.#failure.err;
  }
}
