import type { Ingest } from '../../app/record-event.ts';
import type { SourceState } from '../../app/ports/source-state.ts';
import type { KubeObject } from '../cluster-watch/object-tracker.ts';
import type { WatchTarget } from '../cluster-watch/watcher.ts';
import { readEvent } from './kube-event.ts';
import { seconds, type ProblemBook } from './problem-book.ts';
import { healthSyncedScope } from './problem.ts';
import { nodeFindings, nodeRecovered, podFindings, podReadySince, type StatusFinding } from './status-problems.ts';

/**
 * What each health watch does with what it sees. One Target per watch: it
 * reads the object (an Event, a Pod, a Node) into observations and recoveries
 * for the cluster's ProblemBook. Its first list against a cluster with no
 * stored marker is the baseline: counted, not announced.
 */

export type Reader = {
  /** Applies one object; `silent` on the baseline. */
  apply(book: ProblemBook, ingest: Ingest, obj: KubeObject, silent: boolean): Promise<void>;
  /** The object was deleted. */
  remove(book: ProblemBook, obj: KubeObject | undefined, key: string): Promise<void>;
  /** After a full list, with the `<namespace>/<name>` of every listed object. */
  listed(book: ProblemBook, listed: ReadonlySet<string>): Promise<void>;
};

export class HealthTarget implements WatchTarget {
  readonly #book: ProblemBook;
  readonly #reader: Reader;
  readonly #store: Pick<SourceState, 'getSourceState'>;
  readonly #marker: { scope: string; key: string };
  readonly #announceExisting: boolean;
  readonly #now: () => number;
  #firstSync = false;

  constructor(o: { book: ProblemBook; reader: Reader; store: Pick<SourceState, 'getSourceState'>; cluster: string;
    watch: string; announceExisting: boolean; now?: () => number }) {
    this.#book = o.book;
    this.#reader = o.reader;
    this.#store = o.store;
    this.#marker = { scope: healthSyncedScope(o.cluster), key: o.watch };
    this.#announceExisting = o.announceExisting;
    this.#now = o.now ?? Date.now;
  }

  async load(): Promise<void> {
    await this.#book.load();
    this.#firstSync = await this.#store.getSourceState(this.#marker.scope, this.#marker.key) === undefined;
  }

  async reconcile(ingest: Ingest, items: readonly KubeObject[]): Promise<void> {
    const silent = this.#firstSync && !this.#announceExisting;
    const listed = new Set<string>();
    for (const item of items) {
      listed.add(`${item.metadata?.namespace ?? ''}/${item.metadata?.name ?? ''}`);
      await this.#reader.apply(this.#book, ingest, item, silent);
    }
    await this.#reader.listed(this.#book, listed);
    if (this.#firstSync) await this.#book.mark({ ...this.#marker, value: { at: this.#now() } });
    this.#firstSync = false;
  }

  upsert(ingest: Ingest, obj: KubeObject): Promise<void> {
    return this.#reader.apply(this.#book, ingest, obj, false);
  }

  remove(_ingest: Ingest, key: string, obj: KubeObject | undefined): Promise<void> {
    return this.#reader.remove(this.#book, obj, key);
  }
}

/** Kubernetes Events of either group: Warning ones, and Normal ones when `normal` is set. */
export function eventReader(normal: boolean): Reader {
  return {
    async apply(book, ingest, obj, silent) {
      const e = readEvent(obj);
      if (e === undefined || (e.type !== 'Warning' && !normal)) return;
      await book.observe(ingest, {
        kind: e.kind, namespace: e.namespace, name: e.name, reason: e.reason, message: e.message, type: e.type,
        sourceId: `event:${e.uid}`, count: e.count, at: e.last, first: e.first,
      }, silent);
    },
    // An Event expiring (its TTL) says nothing about the object it was about.
    async remove() {},
    async listed() {},
  };
}

/** Pods: container and eviction status; Ready again ends the Pod's problems. */
export function podReader(namespace: string | undefined, now: () => number): Reader {
  return {
    async apply(book, ingest, pod, silent) {
      const ns = pod.metadata?.namespace ?? '';
      const name = pod.metadata?.name ?? '';
      book.setLabels('Pod', ns, name, pod.metadata?.labels);
      for (const f of podFindings(pod)) await book.observe(ingest, observation('Pod', ns, name, f, now), silent);
      const ready = podReadySince(pod);
      if (ready !== undefined) {
        const at = isoOr(ready, now);
        await book.resolve(ingest, 'Pod', ns, name, (p) => seconds(at) >= seconds(p.lastSeen), at);
      }
    },
    async remove(book, pod, key) {
      const slash = key.indexOf('/');
      const [ns, name] = [pod?.metadata?.namespace ?? key.slice(0, slash), pod?.metadata?.name ?? key.slice(slash + 1)];
      book.setLabels('Pod', ns, name, undefined);
      await book.forget('Pod', ns, name);
    },
    listed: (book, listed) => book.prune('Pod', namespace, listed),
  };
}

const PRESSURES = new Set(['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable']);

/** Nodes: Ready and the pressure conditions; Ready again ends NotReady and what Events said about the Node before. */
export function nodeReader(now: () => number): Reader {
  return {
    async apply(book, ingest, node, silent) {
      const name = node.metadata?.name ?? '';
      book.setLabels('Node', '', name, node.metadata?.labels);
      for (const f of nodeFindings(node)) await book.observe(ingest, observation('Node', '', name, f, now), silent);
      const recovered = nodeRecovered(node);
      const ready = recovered.get('NotReady');
      if (recovered.size === 0) return;
      const at = isoOr(ready ?? [...recovered.values()][0]!, now);
      await book.resolve(ingest, 'Node', '', name, (p) => {
        const since = recovered.get(p.reason) ?? (PRESSURES.has(p.reason) ? undefined : ready);
        return since !== undefined && seconds(isoOr(since, now)) >= seconds(p.lastSeen);
      }, at);
    },
    async remove(book, node, key) {
      const name = node?.metadata?.name ?? key.slice(key.indexOf('/') + 1);
      book.setLabels('Node', '', name, undefined);
      await book.forget('Node', '', name);
    },
    listed: (book, listed) => book.prune('Node', undefined, listed),
  };
}

function observation(kind: string, namespace: string, name: string, f: StatusFinding, now: () => number) {
  return {
    kind, namespace, name, reason: f.reason, message: f.message, type: 'Warning', sourceId: f.sourceId, count: f.count,
    at: isoOr(f.at, now),
    ...(f.container === undefined ? {} : { container: f.container }),
    ...(f.restarts === undefined ? {} : { restarts: f.restarts }),
  };
}

function isoOr(t: string | undefined, now: () => number): string {
  const ms = t === undefined || t === '' ? Number.NaN : Date.parse(t);
  return new Date(Number.isNaN(ms) ? now() : ms).toISOString();
}
