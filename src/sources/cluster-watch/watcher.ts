import type { Ingest } from '../../app/record-event.ts';
import type { SourceLogger } from '../source.ts';
import { collectionPath, type KindSpec } from './config.ts';
import { KubeHttpError, type KubeClient } from './kube-client.ts';
import { objectKey, type KubeObject } from './object-tracker.ts';
import { PendingWrites } from './pending-writes.ts';

/**
 * The list/watch loop for one (cluster, kind[, namespace]), following the
 * documented API protocol: list in pages (limit/continue), reconcile the list
 * against stored state, then watch from the list's resourceVersion with
 * bookmarks, remembering the newest resourceVersion seen (bookmarks included).
 * A watch that ends normally is resumed from that version; 410 Gone (HTTP or
 * an ERROR event), a dropped stream or any failure leads to a fresh list, which
 * the stored state turns into exactly the missed changes.
 */

/**
 * What a watcher feeds: the ObjectTracker of the cluster watch, or the cluster
 * health source's targets; `I` is what it records events through.
 */
export interface WatchTarget<I extends Ingest = Ingest> {
  load(): Promise<void>;
  reconcile(ingest: I, items: readonly KubeObject[]): Promise<void>;
  /** The change's store write; undefined when it writes nothing. */
  upsert(ingest: I, obj: KubeObject): Promise<void> | undefined;
  remove(ingest: I, key: string, obj: KubeObject | undefined): Promise<void> | undefined;
  /**
   * True when the target keeps each object's changes in order itself, so the
   * watcher may hand it the next change before the last one is stored;
   * otherwise each change is stored before the next is given.
   */
  readonly pipelined?: boolean;
}

/**
 * Watch events handed on before the first of them is stored. With one
 * transaction per event (each awaited) the watch did 2,757 events/s at 20,000
 * objects; see docs/benchmarks.md for the figure with this window.
 */
const IN_FLIGHT = 1000;

export interface WatcherOptions<I extends Ingest = Ingest> {
  client: KubeClient;
  spec: KindSpec;
  namespace?: string;
  tracker: WatchTarget<I>;
  logger: SourceLogger;
  cluster: string;
  pageSize?: number;
  /** Asks the server to end each watch after this long, so dead connections are noticed. */
  watchTimeoutSeconds?: number;
  maxBackoffMs?: number;
}

type WatchOutcome = 'ended' | 'gone';

export class KindWatcher<I extends Ingest = Ingest> {
  readonly #o: WatcherOptions<I>;
  readonly #path: string;
  readonly #apiVersion: string;
  #abort = new AbortController();
  #running: Promise<void> | undefined;
  #syncedResolve: (() => void) | undefined;
  /** Resolves once the first list has been reconciled (tests and readiness wait on it). */
  synced: Promise<void>;
  /** The newest resourceVersion seen; the next watch starts from it. */
  resourceVersion = '';
  /** How many full lists were made (1 at start, +1 per 410 or dropped stream). */
  lists = 0;
  watches = 0;

  constructor(opts: WatcherOptions<I>) {
    this.#o = opts;
    this.#path = collectionPath(opts.spec, opts.namespace);
    this.#apiVersion = opts.spec.group === '' ? opts.spec.version : `${opts.spec.group}/${opts.spec.version}`;
    this.synced = new Promise((resolve) => { this.#syncedResolve = resolve; });
  }

  get description(): string {
    return `${this.#o.cluster}/${this.#o.spec.kind}${this.#o.namespace === undefined ? '' : ` in ${this.#o.namespace}`}`;
  }

  async start(ingest: I): Promise<void> {
    if (this.#running !== undefined) return;
    this.#abort = new AbortController();
    await this.#o.tracker.load();
    this.#running = this.#loop(ingest);
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#running;
    this.#running = undefined;
  }

  async #loop(ingest: I): Promise<void> {
    const signal = this.#abort.signal;
    let needList = true;
    let backoff = 0;
    while (!signal.aborted) {
      try {
        if (needList) {
          await this.#list(ingest, signal);
          needList = false;
          this.#syncedResolve?.();
        }
        const started = Date.now();
        const { outcome, events } = await this.#watch(ingest, signal);
        if (outcome === 'gone') needList = true;
        // A server that keeps closing empty watches at once must not make us spin.
        if (outcome === 'ended' && events === 0 && Date.now() - started < 1000) await sleep(1000, signal);
        backoff = 0;
      } catch (err) {
        if (signal.aborted) break;
        needList = true;
        backoff = Math.min(Math.max(backoff * 2, 100), this.#o.maxBackoffMs ?? 30_000);
        this.#o.logger.warn({ err: String(err), watch: this.description, retryInMs: backoff }, 'cluster watch failed; will list again');
        await sleep(backoff, signal);
      }
    }
  }

  async #list(ingest: I, signal: AbortSignal): Promise<void> {
    const items: KubeObject[] = [];
    let cont: string | undefined;
    let rv = '';
    do {
      const query: Record<string, string> = { limit: String(this.#o.pageSize ?? 500) };
      if (cont !== undefined) query.continue = cont;
      const page = await this.#o.client.getJson(this.#path, query, signal);
      for (const item of page.items ?? []) items.push(this.#typed(item));
      cont = page.metadata?.continue || undefined;
      rv = page.metadata?.resourceVersion ?? rv;
    } while (cont !== undefined);
    this.lists++;
    await this.#o.tracker.reconcile(ingest, items);
    this.resourceVersion = rv;
  }

  /**
   * List items carry no kind/apiVersion while watch objects do; they are added
   * so the two compare equal. A watch object that has both is taken as parsed:
   * copying each one cost an allocation per event for nothing.
   */
  #typed(obj: KubeObject): KubeObject {
    if (obj.apiVersion !== undefined && obj.kind !== undefined) return obj;
    return { apiVersion: this.#apiVersion, kind: this.#o.spec.kind, ...obj };
  }

  async #watch(ingest: I, signal: AbortSignal): Promise<{ outcome: WatchOutcome; events: number }> {
    const query: Record<string, string> = {
      watch: '1', resourceVersion: this.resourceVersion, allowWatchBookmarks: 'true',
      timeoutSeconds: String(this.#o.watchTimeoutSeconds ?? 300),
    };
    let stream;
    try {
      stream = await this.#o.client.watch(this.#path, query, signal);
    } catch (err) {
      if (err instanceof KubeHttpError && err.status === 410) return { outcome: 'gone', events: 0 };
      throw err;
    }
    this.watches++;
    let events = 0;
    const writes = new PendingWrites(this.#o.tracker.pipelined === true ? IN_FLIGHT : 1, () => stream.close());
    try {
      for await (const lines of stream.lines) {
        for (const line of lines) {
          const ev = JSON.parse(line) as { type: string; object: KubeObject & { code?: number } };
          events++;
          let write: Promise<void> | undefined;
          switch (ev.type) {
            case 'ADDED':
            case 'MODIFIED':
              write = this.#o.tracker.upsert(ingest, this.#typed(ev.object));
              break;
            case 'DELETED':
              write = this.#o.tracker.remove(ingest, objectKey(ev.object), ev.object);
              break;
            case 'BOOKMARK':
              break; // carries only a resourceVersion, taken below
            case 'ERROR':
              if (ev.object?.code === 410) return { outcome: 'gone', events };
              throw new Error(`watch error: ${JSON.stringify(ev.object).slice(0, 300)}`);
            default:
              throw new Error(`unknown watch event type ${ev.type}`);
          }
          // Resumed from only once this event and all before it are stored: a restart or relist never skips one.
          const rv = ev.object?.metadata?.resourceVersion;
          await writes.add(write, rv === undefined || rv === '' ? noop : () => { this.resourceVersion = rv; });
        }
      }
    } finally {
      stream.close();
      // Every change taken is stored or failed before the loop moves on (a relist must not race them).
      await writes.settle();
    }
    return { outcome: 'ended', events };
  }
}

const noop = () => {};

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
