import type { EventInput } from '../../core/event.ts';
import type { Ingest } from '../../app/record-event.ts';
import type { SourceState, SourceStateWrite } from '../../app/ports/source-state.ts';
import { objectPrefix, problemKey, problemScope, recoveredScope, type Problem } from './problem.ts';
import { problemSummary, resolvedSummary } from './summary.ts';

/**
 * The open problems of one cluster, mirrored in memory and persisted as
 * source state, and the one place that decides what is announced:
 * - a new (object, reason) is announced at once (event type `warning`, or `normal`);
 * - repeats only add to its count, first and last seen, until `repeatIntervalMs`
 *   has passed since the last announcement, when it is announced again with the count;
 * - a recovery removes the object's problems and, if any was announced, says
 *   so once (`resolved`).
 * Every announcement writes the problem's state in the same transaction as the
 * event, so a restart neither repeats nor loses one. Calls are serialized: the
 * Event, Pod and Node watches of a cluster share the book.
 */

export interface Observation {
  kind: string;
  namespace: string;
  name: string;
  reason: string;
  message: string;
  type: string;
  sourceId: string;
  count: number;
  /** ISO times; `first` only for a source that says when it started (an Event). */
  at: string;
  first?: string;
  container?: string;
  restarts?: number;
}

export interface BookOptions {
  store: Pick<SourceState, 'listSourceState' | 'putSourceState'>;
  cluster: string;
  announceResolved: boolean;
  repeatIntervalMs: number;
  now?: () => number;
}

/** Sources of one problem kept for counting; past this the oldest are forgotten (an Event expires after 1 h anyway). */
const MAX_SOURCES = 50;
/** How long a recovery is remembered: Events expire after 1 h by default (kube-apiserver --event-ttl), so 2 h outlives them. */
const RECOVERY_MEMORY_MS = 2 * 3_600_000;

/** Kubernetes times have whole seconds; compare at that precision. */
export function seconds(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

export class ProblemBook {
  readonly #o: BookOptions;
  readonly #scope: string;
  readonly #open = new Map<string, Problem>();
  /** When each object last recovered: an Event from before that (read again on a relist) is not a new problem. */
  readonly #recovered = new Map<string, string>();
  readonly #labels = new Map<string, Record<string, string>>();
  #queue: Promise<unknown> = Promise.resolve();
  #loaded: Promise<void> | undefined;
  readonly counts = { announced: 0, repeats: 0, resolved: 0, baseline: 0 };

  constructor(opts: BookOptions) {
    this.#o = opts;
    this.#scope = problemScope(opts.cluster);
    this.#recoveredScope = recoveredScope(opts.cluster);
  }

  readonly #recoveredScope: string;

  /** Loads the stored problems once per run of the source (each watch's load calls it). */
  load(): Promise<void> {
    this.#loaded ??= (async () => {
      this.#open.clear();
      this.#recovered.clear();
      for (const { key, value } of await this.#o.store.listSourceState(this.#scope)) this.#open.set(key, value as Problem);
      const forget: SourceStateWrite[] = [];
      const now = (this.#o.now ?? Date.now)();
      for (const { key, value } of await this.#o.store.listSourceState(this.#recoveredScope)) {
        const at = (value as { at: string }).at;
        if (now - Date.parse(at) > RECOVERY_MEMORY_MS) forget.push({ scope: this.#recoveredScope, key, value: null });
        else this.#recovered.set(key, at);
      }
      if (forget.length > 0) await this.#o.store.putSourceState(forget);
    })();
    return this.#loaded;
  }

  /** Forget the loaded state, so the next start (a new leadership term) reads the store afresh. */
  reset(): void {
    this.#loaded = undefined;
  }

  get open(): ReadonlyMap<string, Problem> {
    return this.#open;
  }

  /** The labels of an object, so an Event about it can be filtered by them. */
  setLabels(kind: string, namespace: string, name: string, labels: Record<string, string> | undefined): void {
    const key = objectPrefix(kind, namespace, name);
    if (labels === undefined) this.#labels.delete(key);
    else this.#labels.set(key, labels);
  }

  observe(ingest: Ingest, obs: Observation, silent: boolean): Promise<void> {
    return this.#serial(() => this.#observe(ingest, obs, silent));
  }

  /**
   * Ends the object's problems for which `over` holds, as of `at` (the
   * cluster's time of the recovery); announces the end if any had been announced.
   */
  resolve(ingest: Ingest, kind: string, namespace: string, name: string, over: (p: Problem) => boolean, at: string): Promise<void> {
    return this.#serial(() => this.#resolve(ingest, { kind, namespace, name }, over, at, false));
  }

  /** The object is gone: its problems end without a word, and so does what was remembered of it. */
  forget(kind: string, namespace: string, name: string): Promise<void> {
    return this.#serial(async () => {
      await this.#resolve(undefined, { kind, namespace, name }, () => true, undefined, true);
      const prefix = objectPrefix(kind, namespace, name);
      if (this.#recovered.delete(prefix)) await this.#o.store.putSourceState([{ scope: this.#recoveredScope, key: prefix, value: null }]);
    });
  }

  /** After a full list: objects of `kind` (in `namespace`, when given) that are not in it any more are forgotten. */
  async prune(kind: string, namespace: string | undefined, listed: ReadonlySet<string>): Promise<void> {
    const gone = new Set<string>();
    for (const p of this.#open.values()) {
      if (p.kind !== kind || (namespace !== undefined && p.namespace !== namespace)) continue;
      if (!listed.has(`${p.namespace}/${p.name}`)) gone.add(`${p.namespace}/${p.name}`);
    }
    for (const key of gone) {
      const slash = key.indexOf('/');
      await this.forget(kind, key.slice(0, slash), key.slice(slash + 1));
    }
  }

  /** Writes the first-sync marker of one watch. */
  mark(write: SourceStateWrite): Promise<void> {
    return this.#serial(() => this.#o.store.putSourceState([write]));
  }

  #serial<T>(job: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(job, job);
    this.#queue = run.catch(() => {});
    return run;
  }

  async #observe(ingest: Ingest, obs: Observation, silent: boolean): Promise<void> {
    const key = problemKey(obs.kind, obs.namespace, obs.name, obs.reason);
    const recovered = this.#recovered.get(objectPrefix(obs.kind, obs.namespace, obs.name));
    if (recovered !== undefined && seconds(obs.at) <= seconds(recovered)) return; // from before the recovery
    const before = this.#open.get(key);
    const seen = before?.counts[obs.sourceId] ?? 0;
    if (before !== undefined && obs.count <= seen) return; // nothing new from this source
    const counts = { ...before?.counts, [obs.sourceId]: obs.count };
    const sources = Object.keys(counts);
    for (const old of sources.slice(0, Math.max(0, sources.length - MAX_SOURCES))) delete counts[old];
    const p: Problem = {
      kind: obs.kind, namespace: obs.namespace, name: obs.name, reason: obs.reason,
      message: obs.message || before?.message || '', type: obs.type,
      count: (before?.count ?? 0) + obs.count - seen,
      firstSeen: before?.firstSeen ?? obs.first ?? obs.at,
      lastSeen: obs.at > (before?.lastSeen ?? '') ? obs.at : before!.lastSeen,
      counts,
      ...(obs.container === undefined ? {} : { container: obs.container }),
      ...(obs.restarts === undefined ? {} : { restarts: obs.restarts }),
      ...(before?.announced === undefined ? {} : { announced: before.announced }),
    };
    const now = (this.#o.now ?? Date.now)();
    const due = p.announced === undefined || now - p.announced.at >= this.#o.repeatIntervalMs;
    if (silent || !due) {
      await this.#o.store.putSourceState([{ scope: this.#scope, key, value: p }]);
      this.#open.set(key, p);
      if (silent) this.counts.baseline++;
      else this.counts.repeats++;
      return;
    }
    const seq = (p.announced?.seq ?? 0) + 1;
    p.announced = { at: now, count: p.count, seq };
    await ingest.ingest(this.#event(p, key, seq), { state: [{ scope: this.#scope, key, value: p }] });
    this.#open.set(key, p);
    this.counts.announced++;
  }

  async #resolve(ingest: Ingest | undefined, obj: { kind: string; namespace: string; name: string }, over: (p: Problem) => boolean,
    at: string | undefined, silent: boolean) {
    const { kind, namespace, name } = obj;
    const prefix = objectPrefix(kind, namespace, name);
    const ended = [...this.#open].filter(([key, p]) => key.startsWith(prefix) && over(p));
    if (ended.length === 0) return;
    const state: SourceStateWrite[] = ended.map(([key]) => ({ scope: this.#scope, key, value: null }));
    if (at !== undefined) state.push({ scope: this.#recoveredScope, key: prefix, value: { at } });
    const announced = ended.map(([, p]) => p).filter((p) => p.announced !== undefined)
      // The first announced is the one the recovery is filed under (its `reason`).
      .sort((a, b) => a.announced!.at - b.announced!.at || a.reason.localeCompare(b.reason));
    if (ingest === undefined || silent || !this.#o.announceResolved || announced.length === 0) {
      await this.#o.store.putSourceState(state);
    } else {
      const { cluster } = this.#o;
      const main = announced[0]!;
      const input: EventInput = {
        event: 'resolved', cluster, namespace, resource: kind, name, reason: main.reason, ...(at === undefined ? {} : { timestamp: at }),
        summary: resolvedSummary(kind, namespace, name, cluster, announced),
        labels: this.#labels.get(prefix) ?? {},
        source: 'cluster-health',
        dedupKey: `health:${cluster}:${prefix}resolved:${announced.map((p) => `${p.reason}@${p.firstSeen}`).join(',')}`,
        data: {
          reasons: announced.map((p) => p.reason),
          problems: announced.map((p) => ({ reason: p.reason, count: p.count, firstSeen: p.firstSeen, lastSeen: p.lastSeen })),
        },
      };
      await ingest.ingest(input, { state });
      this.counts.resolved++;
    }
    for (const [key] of ended) this.#open.delete(key);
    if (at !== undefined) this.#recovered.set(prefix, at);
  }

  #event(p: Problem, key: string, seq: number): EventInput {
    const { cluster } = this.#o;
    return {
      event: p.type === 'Warning' ? 'warning' : 'normal',
      cluster, namespace: p.namespace, resource: p.kind, name: p.name, reason: p.reason,
      summary: problemSummary(p, cluster),
      labels: this.#labels.get(objectPrefix(p.kind, p.namespace, p.name)) ?? {},
      source: 'cluster-health',
      dedupKey: `health:${cluster}:${key}@${p.firstSeen}#${seq}`,
      data: {
        reason: p.reason, message: p.message, type: p.type, count: p.count, firstSeen: p.firstSeen, lastSeen: p.lastSeen,
        ...(p.container === undefined ? {} : { container: p.container }),
        ...(p.restarts === undefined ? {} : { restarts: p.restarts }),
        ...(seq > 1 ? { repeat: seq - 1 } : {}),
      },
    };
  }
}
