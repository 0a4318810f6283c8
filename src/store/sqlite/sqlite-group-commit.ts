import type { SqliteDb } from './sqlite-db.ts';

/**
 * Group commit: every write handed to `run` while the event loop is busy
 * (including while the previous COMMIT's fsync blocks it) goes into one
 * transaction, committed on the next turn; each caller is answered only after
 * that COMMIT returned, so an acknowledged event is as durable as with one
 * transaction each (synchronous=FULL: the COMMIT fsyncs the WAL). Each write
 * runs in its own SAVEPOINT, so one that fails (a constraint) is rolled back
 * and rejected alone; when the COMMIT fails (a full disk), every write of the
 * group is rejected and none was applied.
 *
 * Why: one fsync per event was 39% of the main thread in a CPU profile of
 * `npm run bench` (2-core machine shared by 8 developers: an fsync there
 * takes ~5–7 ms), capping HTTP ingest at 107 events/s with 32 clients and
 * delivery at 100/s; with ingests, claims and completions sharing commits,
 * see docs/benchmarks.md for the figures of the same run.
 */
interface Pending { apply: () => unknown; resolve: (value: never) => void; reject: (err: unknown) => void }

export class GroupCommit {
  readonly #db: SqliteDb;
  #queue: Pending[] = [];

  constructor(db: SqliteDb) {
    this.#db = db;
  }

  run<T>(apply: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ apply, resolve: resolve as (value: never) => void, reject });
      if (this.#queue.length === 1) setImmediate(() => this.#flush());
    });
  }

  #flush(): void {
    const batch = this.#queue;
    this.#queue = [];
    let outcomes: Outcome[];
    try {
      outcomes = commitGroup(this.#db, batch.map((b) => b.apply));
    } catch (err) {
      for (const b of batch) b.reject(err);
      return;
    }
    batch.forEach((b, i) => {
      const o = outcomes[i]!;
      if (o.ok) b.resolve(o.value as never);
      else b.reject(o.err);
    });
  }
}

export type Outcome = { ok: true; value: unknown } | { ok: false; err: unknown };

/**
 * One transaction for the whole group, one SAVEPOINT per write; throws (and
 * applied nothing) when the COMMIT itself failed. The writer thread
 * (sqlite-writer-thread.ts) commits its groups with this too.
 */
export function commitGroup(db: SqliteDb, applies: ReadonlyArray<() => unknown>): Outcome[] {
  return db.tx(() => applies.map((apply): Outcome => {
    db.exec('SAVEPOINT herald_group_item');
    try {
      const value = apply();
      db.exec('RELEASE herald_group_item');
      return { ok: true, value };
    } catch (err) {
      // Fails only when SQLite already rolled the whole transaction back (SQLITE_FULL): then all fail.
      db.exec('ROLLBACK TO herald_group_item');
      db.exec('RELEASE herald_group_item');
      return { ok: false, err };
    }
  }));
}
