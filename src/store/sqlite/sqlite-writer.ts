import { HeraldError } from '../../core/errors.ts';
import type { SqliteDb } from './sqlite-db.ts';
import { GroupCommit } from './sqlite-group-commit.ts';
import { applyWrite, fromWire, type WireError, type WriteOp } from './sqlite-write-ops.ts';
import { WriterThreadHandle } from './writer-thread-handle.ts';

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
  /** Whether a writer thread is up (an inline writer: always). */
  readonly running: boolean;
  /** Waits for the writes already handed over, then closes the writer's connection. */
  close(): Promise<void>;
}

export function openWriter(db: SqliteDb, opts: { quietMs?: number } = {}): SqliteWriter {
  return db.path === ':memory:' ? new InlineWriter(db) : new ThreadWriter(db.path, db.synchronous, opts.quietMs ?? WRITER_QUIET_MS);
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

  get running(): boolean {
    return true;
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
type FromWriter = { results: string } | { commits: number } | { failed: WireError };

interface Waiting { resolve: (value: never) => void; reject: (err: unknown) => void }

/**
 * How long the writer thread waits without work before it ends
 * (writer-thread-handle.ts). Long enough that a steady trickle of events
 * never pays a thread start; a start with the compile cache warm took
 * 45–90 ms on the loaded 2-core machine (bench/start, five starts), which is
 * what the first write after a quiet spell waits extra.
 */
export const WRITER_QUIET_MS = 30_000;

class ThreadWriter implements SqliteWriter {
  readonly #thread: WriterThreadHandle<FromWriter>;
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
  /** Commits made by writer threads that have ended. */
  #commitsBefore = 0;
  #closed: Promise<void> | undefined;
  #onClosed: (() => void) | undefined;

  constructor(path: string, synchronous: 'FULL' | 'NORMAL', quietMs: number) {
    this.#thread = new WriterThreadHandle<FromWriter>(path, synchronous, quietMs, {
      message: (msg) => this.#receive(msg),
      failed: (err) => this.#fail(err),
      retired: (commits) => this.#retired(commits),
    });
  }

  get running(): boolean {
    return this.#thread.started;
  }

  write<R>(w: WriteOp): Promise<R> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    // Not a thread started afresh: it would open the file again, or a new empty one where the file was.
    if (this.#onClosed !== undefined) return Promise.reject(new HeraldError('STORE_UNAVAILABLE', 'the SQLite store is closed'));
    return new Promise<R>((resolve, reject) => {
      const id = ++this.#next;
      let json: string;
      try {
        json = `{"id":${id},"write":${JSON.stringify(w)}}`;
      } catch (err) {
        reject(err); // a value JSON cannot hold (a BigInt in source state): nothing of it was written
        return;
      }
      this.#waiting.set(id, { resolve: resolve as (value: never) => void, reject });
      // Writes asked for in one turn of the event loop cross in one message.
      if (this.#outbox.push(json) === 1 && !this.#busy) setImmediate(() => this.#send());
    });
  }

  #send(): void {
    if (this.#busy || this.#outbox.length === 0 || this.#failure !== undefined) return;
    const worker = this.#thread.running();
    if (worker === undefined) return; // one is ending: #retired sends this
    const ops = this.#outbox;
    this.#outbox = [];
    this.#busy = true;
    worker.ref();
    worker.postMessage({ ops: `[${ops.join(',')}]` } satisfies ToWriter);
  }

  commits(): Promise<number> {
    const worker = this.#thread.started ? this.#thread.running() : undefined;
    if (worker === undefined) return Promise.resolve(this.#commitsBefore);
    return new Promise((resolve) => {
      this.#commitsAsked.push((n) => resolve(this.#commitsBefore + n));
      worker.postMessage({ commits: true } satisfies ToWriter);
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
      else this.#idleIfQuiet();
    } else if ('commits' in msg) {
      this.#commitsAsked.shift()?.(msg.commits);
      this.#idleIfQuiet();
    } else {
      this.#fail(fromWire(msg.failed));
    }
  }

  #idleIfQuiet(): void {
    if (this.#outbox.length === 0 && this.#waiting.size === 0 && this.#commitsAsked.length === 0 && this.#onClosed === undefined) this.#thread.idle();
  }

  #retired(commits: number): void {
    this.#commitsBefore += commits;
    for (const ask of this.#commitsAsked.splice(0)) ask(0);
    this.#busy = false;
    if (this.#onClosed !== undefined) this.#closeNow();
    else this.#send();
  }

  #fail(cause: unknown): void {
    if (this.#failure !== undefined) return;
    this.#failure = new HeraldError('STORE_UNAVAILABLE', `the SQLite writer cannot write: ${(cause as Error).message}`, { cause });
    for (const w of this.#waiting.values()) w.reject(cause);
    this.#waiting.clear();
    for (const ask of this.#commitsAsked) ask(0);
    this.#commitsAsked = [];
    this.#thread.end();
    this.#onClosed?.();
  }

  close(): Promise<void> {
    this.#closed ??= new Promise<void>((resolve) => {
      this.#onClosed = resolve;
      this.#closeNow();
    });
    return this.#closed;
  }

  /** Whatever is still waiting goes now, busy or not: the writer applies it before it ends. */
  #closeNow(): void {
    if (this.#failure !== undefined) { this.#onClosed!(); return; }
    if (this.#outbox.length > 0) {
      const worker = this.#thread.running();
      if (worker === undefined) return; // one is ending: #retired comes back here
      worker.postMessage({ ops: `[${this.#outbox.join(',')}]` } satisfies ToWriter);
      this.#outbox = [];
    }
    if (!this.#thread.end()) this.#onClosed!();
  }
}
