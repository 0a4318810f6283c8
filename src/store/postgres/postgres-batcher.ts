/**
 * Group commit for PostgreSQL: calls made while the previous batch's statement
 * is in flight are written together in the next one, a single multi-row
 * statement (so one round trip, one transaction, one WAL flush), and each
 * caller is answered with its own result only after that statement committed:
 * an acknowledged write is as durable as with one transaction each
 * (synchronous_commit stays on). One batch is in flight at a time, so under
 * load batches grow by themselves and a lone call waits for nothing but the
 * event loop's turn.
 *
 * A batch that fails is written again one item at a time (nothing of it was
 * applied: it was one statement), so one bad item is rejected alone and a
 * lost connection rejects each caller with its own error.
 *
 * `keys`: an item with a key already in the batch (the same delivery twice,
 * the same dedupKey twice) may not share its statement and waits for the next.
 */
export interface BatcherOptions<I> {
  max: number;
  /** Batches in flight at once. */
  parallel?: number;
  keys?: (item: I) => readonly string[];
}

interface Queued<I, R> { item: I; resolve: (r: R) => void; reject: (err: unknown) => void }

export class StatementBatcher<I, R> {
  readonly #write: (items: readonly I[]) => Promise<R[]>;
  readonly #o: BatcherOptions<I>;
  #queue: Array<Queued<I, R>> = [];
  #busy = 0;

  /** `write` answers one result per item, in order, from one statement. */
  constructor(write: (items: readonly I[]) => Promise<R[]>, opts: BatcherOptions<I>) {
    this.#write = write;
    this.#o = opts;
  }

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      if (this.#busy < (this.#o.parallel ?? 1) && this.#queue.length === 1) setImmediate(() => void this.#drain());
    });
  }

  async #drain(): Promise<void> {
    if (this.#busy >= (this.#o.parallel ?? 1) || this.#queue.length === 0) return;
    this.#busy++;
    try {
      while (this.#queue.length > 0) await this.#flush(this.#take());
    } finally {
      this.#busy--;
    }
  }

  #take(): Array<Queued<I, R>> {
    const batch: Array<Queued<I, R>> = [];
    const taken = new Set<string>();
    const rest: Array<Queued<I, R>> = [];
    for (const q of this.#queue) {
      const keys = this.#o.keys?.(q.item) ?? [];
      if (batch.length < this.#o.max && !keys.some((k) => taken.has(k))) {
        batch.push(q);
        for (const k of keys) taken.add(k);
      } else {
        rest.push(q);
      }
    }
    this.#queue = rest;
    return batch;
  }

  async #flush(batch: Array<Queued<I, R>>): Promise<void> {
    try {
      const results = await this.#write(batch.map((q) => q.item));
      batch.forEach((q, i) => q.resolve(results[i]!));
    } catch (err) {
      if (batch.length === 1) { batch[0]!.reject(err); return; }
      await Promise.all(batch.map(async (q) => {
        try {
          q.resolve((await this.#write([q.item]))[0]!);
        } catch (e) {
          q.reject(e);
        }
      }));
    }
  }
}
