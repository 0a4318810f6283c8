import { Worker } from 'node:worker_threads';

/**
 * The writer thread's life: started by the first write, and let go after
 * `quietMs` with nothing asked of it, so an idle Herald does not keep a
 * second V8 isolate and connection (~22 MiB of the ~106 MiB idle RSS in
 * `npm run bench -- --only memory`). The next write starts it again; its
 * start, with the compile cache warm, is what that write waits extra.
 * Only this file creates or ends the thread; sqlite-writer.ts says what
 * goes over it.
 */
export interface ThreadEvents<In> {
  message(msg: In): void;
  /** The thread failed or ended without being asked to. */
  failed(err: unknown): void;
  /** It ended because it was asked to (quiet, or closing); `commits` it made in its life. */
  retired(commits: number): void;
}

export class WriterThreadHandle<In> {
  readonly #path: string;
  readonly #synchronous: 'FULL' | 'NORMAL';
  readonly #quietMs: number;
  readonly #events: ThreadEvents<In>;
  #worker: Worker | undefined;
  #ending = false;
  #quiet: NodeJS.Timeout | undefined;

  constructor(path: string, synchronous: 'FULL' | 'NORMAL', quietMs: number, events: ThreadEvents<In>) {
    this.#path = path;
    this.#synchronous = synchronous;
    this.#quietMs = quietMs;
    this.#events = events;
  }

  /** The running thread, started if need be; undefined while one is ending (`retired` comes, then ask again). */
  running(): Worker | undefined {
    this.#cancelQuiet();
    if (this.#ending) return undefined;
    this.#worker ??= this.#start();
    return this.#worker;
  }

  get started(): boolean {
    return this.#worker !== undefined;
  }

  /** Nothing is asked of the thread now: it keeps no process alive, and ends if nothing is asked for `quietMs`. */
  idle(): void {
    this.#cancelQuiet();
    if (this.#worker === undefined || this.#ending) return;
    this.#worker.unref();
    this.#quiet = setTimeout(() => this.end(false), this.#quietMs);
    this.#quiet.unref();
  }

  /**
   * Asks the thread to finish what it holds and end; `retired` follows. False
   * if none runs. A close keeps the process alive until then; a quiet end does not.
   */
  end(keepAlive = true): boolean {
    this.#cancelQuiet();
    if (this.#worker === undefined) return false;
    if (!this.#ending) {
      this.#ending = true;
      if (keepAlive) this.#worker.ref();
      this.#worker.postMessage({ close: true });
    }
    return true;
  }

  #cancelQuiet(): void {
    if (this.#quiet !== undefined) clearTimeout(this.#quiet);
    this.#quiet = undefined;
  }

  #start(): Worker {
    // The process's flags, but for the one a worker refuses (`node --input-type=module -e …`); passing
    // execArgv at all has every inherited flag checked, so it is passed only then.
    const execArgv = process.execArgv.filter((a) => !a.startsWith('--input-type'));
    const worker = new Worker(new URL('./sqlite-writer-thread.ts', import.meta.url), {
      workerData: { path: this.#path, synchronous: this.#synchronous }, ...(execArgv.length < process.execArgv.length ? { execArgv } : {}),
    });
    // Only writes in flight keep the process alive: a store left open must not hold a process (or a test) forever.
    worker.unref();
    let commits: number | undefined;
    worker.on('message', (msg: In & { closed?: true; commits?: number }) => {
      if (msg.closed === true) { commits = msg.commits ?? 0; void worker.terminate(); return; }
      this.#events.message(msg);
    });
    worker.on('error', (err) => this.#events.failed(err));
    worker.on('exit', () => {
      this.#worker = undefined;
      this.#ending = false;
      if (commits === undefined) this.#events.failed(new Error('the SQLite writer thread stopped'));
      else this.#events.retired(commits);
    });
    return worker;
  }
}
