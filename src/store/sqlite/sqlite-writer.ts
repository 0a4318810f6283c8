import { Worker } from 'node:worker_threads';
import { HeraldError } from '../../core/errors.ts';
import type { SqliteDb } from './sqlite-db.ts';
import { GroupCommit } from './sqlite-group-commit.ts';
import { applyWrite, fromWire, type WireError, type WriteOp } from './sqlite-write-ops.ts';

/**
 * Where the store's hot writes go. On a file, a writer thread with its own
 * connection (sqlite-writer-thread.ts): node:sqlite is synchronous, so on the
 * main thread every COMMIT's fsync stopped the event loop (with
 * synchronous=FULL, 6.5% of the main thread in `npm run bench` plus the
 * statements themselves; see docs/benchmarks.md). An in-memory database
 * cannot be opened twice, so it group-commits inline on its one connection.
 */
export interface SqliteWriter {
  write<R>(w: WriteOp): Promise<R>;
  /** Transactions the writer committed: tests show what group commit saves. */
  commits(): Promise<number>;
  /** Waits for the writes already handed over, then closes the writer's connection. */
  close(): Promise<void>;
}

export function openWriter(db: SqliteDb): SqliteWriter {
  return db.path === ':memory:' ? new InlineWriter(db) : new ThreadWriter(db.path, db.synchronous);
}

class InlineWriter implements SqliteWriter {
  readonly #db: SqliteDb;
  readonly #group: GroupCommit;

  constructor(db: SqliteDb) {
    this.#db = db;
    this.#group = new GroupCommit(db);
  }

  write<R>(w: WriteOp): Promise<R> {
    return this.#group.run(() => applyWrite(this.#db, w) as R);
  }

  async commits(): Promise<number> {
    return this.#db.commits;
  }

  async close(): Promise<void> {}
}

/**
 * Main thread → writer thread. A group of writes, and its results, cross as
 * one JSON string: cloning a string is a copy, and JSON.stringify + parse
 * cost 9 µs where the structured clone of the same two writes took 25 µs.
 */
export type ToWriter = { ops: string } | { commits: true } | { close: true };
export type WriteBatch = Array<{ id: number; write: WriteOp }>;
export type WriteResults = Array<{ id: number; value?: unknown; err?: WireError }>;
type FromWriter = { results: string } | { commits: number } | { closed: true } | { failed: WireError };

interface Waiting { resolve: (value: never) => void; reject: (err: unknown) => void }

class ThreadWriter implements SqliteWriter {
  readonly #worker: Worker;
  readonly #waiting = new Map<number, Waiting>();
  #next = 0;
  /** Each write already as JSON (`{"id":…,"write":…}`): one that cannot be serialised fails alone, at once. */
  #outbox: string[] = [];
  /**
   * One group at a time with the writer: what is asked for while it commits
   * waits here and goes over as the next group when the answers come back.
   * The writer could not start it any sooner, and one message per commit each
   * way instead of one per turn of the event loop: postMessage was ~2% of
   * the main thread in `npm run bench` before.
   */
  #busy = false;
  #failure: Error | undefined;
  #commitsAsked: Array<(n: number) => void> = [];
  #closed: Promise<void> | undefined;
  #onClosed: () => void = () => {};

  constructor(path: string, synchronous: 'FULL' | 'NORMAL') {
    // The process's flags, but for the one a worker refuses (`node --input-type=module -e …`); passing
    // execArgv at all has every inherited flag checked, so it is passed only then.
    const execArgv = process.execArgv.filter((a) => !a.startsWith('--input-type'));
    this.#worker = new Worker(new URL('./sqlite-writer-thread.ts', import.meta.url), {
      workerData: { path, synchronous }, ...(execArgv.length < process.execArgv.length ? { execArgv } : {}),
    });
    // Only writes in flight keep the process alive: a store left open must not hold a process (or a test) forever.
    this.#worker.unref();
    this.#worker.on('message', (msg: FromWriter) => this.#receive(msg));
    this.#worker.on('error', (err) => this.#fail(err));
    this.#worker.on('exit', () => {
      this.#fail(new Error('the SQLite writer thread stopped'));
      this.#onClosed();
    });
  }

  write<R>(w: WriteOp): Promise<R> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    return new Promise<R>((resolve, reject) => {
      const id = ++this.#next;
      let json: string;
      try {
        json = `{"id":${id},"write":${JSON.stringify(w)}}`;
      } catch (err) {
        reject(err); // a value JSON cannot hold (a BigInt in source state): nothing of it was written
        return;
      }
      if (this.#waiting.size === 0) this.#worker.ref();
      this.#waiting.set(id, { resolve: resolve as (value: never) => void, reject });
      // Writes asked for in one turn of the event loop cross in one message.
      if (this.#outbox.push(json) === 1 && !this.#busy) setImmediate(() => this.#send());
    });
  }

  #send(): void {
    if (this.#busy || this.#outbox.length === 0 || this.#failure !== undefined) return;
    const ops = this.#outbox;
    this.#outbox = [];
    this.#busy = true;
    this.#worker.postMessage({ ops: `[${ops.join(',')}]` } satisfies ToWriter);
  }

  commits(): Promise<number> {
    return new Promise((resolve) => {
      this.#commitsAsked.push(resolve);
      this.#worker.postMessage({ commits: true } satisfies ToWriter);
    });
  }

  #receive(msg: FromWriter): void {
    if ('results' in msg) {
      for (const r of JSON.parse(msg.results) as WriteResults) {
        const w = this.#waiting.get(r.id);
        this.#waiting.delete(r.id);
        if (r.err !== undefined) w?.reject(fromWire(r.err));
        else w?.resolve(r.value as never);
      }
      this.#busy = false;
      // A turn later, so the writes these answers lead to (a completion's next claim) join the group.
      if (this.#outbox.length > 0) setImmediate(() => this.#send());
      if (this.#waiting.size === 0) this.#worker.unref();
    } else if ('commits' in msg) {
      this.#commitsAsked.shift()?.(msg.commits);
    } else if ('failed' in msg) {
      this.#fail(fromWire(msg.failed));
    } else {
      void this.#worker.terminate();
    }
  }

  #fail(cause: unknown): void {
    if (this.#failure !== undefined) return;
    this.#failure = new HeraldError('STORE_UNAVAILABLE', `the SQLite writer cannot write: ${(cause as Error).message}`, { cause });
    for (const w of this.#waiting.values()) w.reject(cause);
    this.#waiting.clear();
    for (const ask of this.#commitsAsked) ask(0);
    this.#commitsAsked = [];
    this.#worker.unref();
  }

  close(): Promise<void> {
    this.#closed ??= new Promise<void>((resolve) => {
      this.#onClosed = resolve;
      if (this.#failure !== undefined) { void this.#worker.terminate(); return; }
      // Whatever is still waiting goes now, busy or not: the writer applies it before it closes.
      if (this.#outbox.length > 0) this.#worker.postMessage({ ops: `[${this.#outbox.join(',')}]` } satisfies ToWriter);
      this.#outbox = [];
      this.#worker.ref();
      this.#worker.postMessage({ close: true } satisfies ToWriter);
    });
    return this.#closed;
  }
}
