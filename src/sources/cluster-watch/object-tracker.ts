import { classifyChange, compactObject, deepEqual, type IgnoreMatcher } from '../../core/kube-diff.ts';
import { summarizeChange } from '../../core/kube-summary.ts';
import type { CheckedIngest, Ingest } from '../../app/record-event.ts';
import type { SourceState, SourceStateWrite } from '../../app/ports/source-state.ts';
import { ACTOR_HINT_SCOPE, actorHintKey, type ActorHint } from '../../app/actor-hints.ts';
import { labelsOf } from '../kubernetes/object-fields.ts';
import { kindId } from './config.ts';
import { ownEvent } from './own-event.ts';
import { PendingWrites } from './pending-writes.ts';

/**
 * The last-seen compact state of every object of one (cluster, kind[, namespace]),
 * mirrored in memory and persisted as source state. Every event is recorded
 * in the same `ingest` call as the state write it implies, so after a crash
 * the stored state says exactly which changes were already announced: the
 * next list is diffed against it and only the rest is emitted.
 */

/** What the watch records through: its events are built by Herald, so they go in as checked (own-event.ts). */
export type WatchIngest = Ingest & Pick<CheckedIngest, 'ingestChecked'>;

/** An actor hint older than this belongs to some earlier change. */
export const ACTOR_HINT_MAX_AGE_MS = 60_000;

/**
 * What is persisted per object: its resourceVersion when last announced, the
 * compact object, and its uid — kept out of the diff (it is bookkeeping) but
 * needed to tell an object deleted and created again under the same name while
 * nobody watched (Herald down, or the gap before a relist) from an unchanged one.
 * State written before uids were kept has none; those objects are compared without it.
 */
export interface StoredObject { rv: string; obj: unknown; uid?: string }

export interface KubeObject {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; uid?: string; labels?: Record<string, string> };
  [k: string]: unknown;
}

export interface TrackerOptions {
  store: Pick<SourceState, 'listSourceState' | 'getSourceState' | 'putSourceState'>;
  cluster: string;
  kind: string;
  /** The kind's API group; with `kind` it names the state scope (see kindId). */
  group?: string;
  /** Only objects in this namespace belong to this tracker (its watcher watches one namespace). */
  namespace?: string;
  ignore: IgnoreMatcher;
  now?: () => number;
  /** On a first sync (no stored state), announce existing objects as creates instead of recording them silently. */
  announceExisting?: boolean;
}

/**
 * Where a tracker notes that its first sync is done: scope per (cluster, kind),
 * key the namespace ("" for all). Without it, a kind with no objects at its
 * first sync would look unsynced at the next start, and objects created while
 * Herald was down would be taken silently into the baseline instead of announced.
 */
export function syncedScope(cluster: string, id: string): string {
  return `kube-synced:${cluster}:${id}`;
}

/** Baseline state is written in batches of this many objects (one transaction each). */
const BASELINE_BATCH = 500;

/** Changes of a list handed to the store before the first of them is stored. */
const IN_FLIGHT = 1000;

const noop = () => {};

/** `id` is the kind's kindId: the Kind for built-ins, `Kind.group` for custom resources. */
export function stateScope(cluster: string, id: string): string {
  return `kube:${cluster}:${id}`;
}

export function objectKey(obj: KubeObject): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
}

export class ObjectTracker {
  readonly #o: TrackerOptions;
  readonly #scope: string;
  readonly #known = new Map<string, StoredObject>();
  /** Objects with a change on its way to the store: the write their next change waits for. */
  readonly #busy = new Map<string, Promise<void>>();
  /** Counts of what this tracker emitted, for logs and tests. */
  readonly counts = { events: 0, duplicates: 0, skipped: 0, baseline: 0 };
  /** Changes of one object are chained (#busy): the watcher need not wait for each to be stored. */
  readonly pipelined = true;
  readonly #synced: SourceStateWrite;
  /** Unknown until load(); true when neither the synced marker nor any object state was stored. */
  #firstSync = false;
  #marked = false;

  constructor(opts: TrackerOptions) {
    this.#o = opts;
    const id = kindId({ group: opts.group ?? '', kind: opts.kind });
    this.#scope = stateScope(opts.cluster, id);
    this.#synced = { scope: syncedScope(opts.cluster, id), key: opts.namespace ?? '', value: { at: 0 } };
  }

  get size(): number {
    return this.#known.size;
  }

  /** The last announced compact copy of `<namespace>/<name>`, if this tracker holds it. */
  known(key: string): unknown {
    return this.#known.get(key)?.obj;
  }

  /** Loads the persisted state; call before the first reconcile. */
  async load(): Promise<void> {
    this.#known.clear();
    const prefix = this.#o.namespace === undefined ? undefined : `${this.#o.namespace}/`;
    for (const { key, value } of await this.#o.store.listSourceState(this.#scope)) {
      if (prefix !== undefined && !key.startsWith(prefix)) continue;
      this.#known.set(key, value as StoredObject);
    }
    // State from before the marker existed counts as synced: that run already announced (or baselined) it.
    this.#marked = await this.#o.store.getSourceState(this.#synced.scope, this.#synced.key) !== undefined;
    this.#firstSync = !this.#marked && this.#known.size === 0;
  }

  /**
   * Brings the state in line with a full list: creates for new objects,
   * updates for changed ones, deletes for those gone. Unchanged objects cost
   * nothing but a comparison.
   */
  async reconcile(ingest: WatchIngest, items: readonly KubeObject[]): Promise<void> {
    if (this.#firstSync && this.#o.announceExisting !== true) await this.#baseline(items);
    else await this.#reconcile(ingest, items);
    this.#firstSync = false;
    if (!this.#marked) {
      await this.#o.store.putSourceState([{ ...this.#synced, value: { at: (this.#o.now ?? Date.now)() } }]);
      this.#marked = true;
    }
  }

  /** First sync without announcing: the listed objects become the stored state, no event is recorded. */
  async #baseline(items: readonly KubeObject[]): Promise<void> {
    for (let i = 0; i < items.length; i += BASELINE_BATCH) {
      const batch = items.slice(i, i + BASELINE_BATCH).map((obj) => ({ key: objectKey(obj), value: this.#stored(obj) }));
      await this.#o.store.putSourceState(batch.map(({ key, value }) => ({ scope: this.#scope, key, value })));
      for (const { key, value } of batch) this.#known.set(key, value);
    }
    this.counts.baseline += items.length;
  }

  async #reconcile(ingest: WatchIngest, items: readonly KubeObject[]): Promise<void> {
    // Keys are distinct within a list: the changes found go to the store together (one group commit, not one each).
    const writes = new PendingWrites(IN_FLIGHT);
    const seen = new Set<string>();
    try {
      for (const item of items) {
        seen.add(objectKey(item));
        await writes.add(this.upsert(ingest, item), noop);
      }
      for (const key of [...this.#known.keys()]) {
        if (!seen.has(key)) await writes.add(this.remove(ingest, key, undefined), noop);
      }
    } finally {
      await writes.settle();
    }
  }

  /**
   * An ADDED or MODIFIED object (from the watch or a list); undefined when
   * there is nothing to write (same version, or ignored churn only). A change
   * to an object whose previous change is still being stored waits for it, so
   * each object's changes are diffed and stored in order.
   */
  upsert(ingest: WatchIngest, obj: KubeObject): Promise<void> | undefined {
    const key = objectKey(obj);
    const busy = this.#busy.get(key);
    if (busy !== undefined) return this.#after(key, busy.then(() => this.#upsert(ingest, key, obj)));
    const write = this.#upsert(ingest, key, obj);
    return write === undefined ? undefined : this.#after(key, write);
  }

  /** A DELETED object from the watch, or (obj undefined) one missing from a list. */
  remove(ingest: WatchIngest, key: string, obj: KubeObject | undefined): Promise<void> | undefined {
    const busy = this.#busy.get(key);
    if (busy !== undefined) return this.#after(key, busy.then(() => this.#remove(ingest, key, obj)));
    const write = this.#remove(ingest, key, obj);
    return write === undefined ? undefined : this.#after(key, write);
  }

  /** Marks `key` busy until `write` ends; a failed write fails the changes chained after it too (they are not tried). */
  #after(key: string, write: Promise<void>): Promise<void> {
    this.#busy.set(key, write);
    const done = () => { if (this.#busy.get(key) === write) this.#busy.delete(key); };
    write.then(done, done);
    return write;
  }

  #upsert(ingest: WatchIngest, key: string, obj: KubeObject): Promise<void> | undefined {
    const before = this.#known.get(key);
    const rv = obj.metadata?.resourceVersion ?? '';
    if (before !== undefined && before.rv === rv) return undefined; // same version as already announced
    const uid = obj.metadata?.uid;
    if (before?.uid !== undefined && uid !== undefined && before.uid !== uid) {
      // Deleted and created again unseen: announce both, even when the new one looks the same.
      return this.#emit(ingest, key, before, undefined, before.rv).then(() => this.#upsert(ingest, key, obj));
    }
    const after = this.#stored(obj);
    if (before !== undefined && deepEqual(before.obj, after.obj)) {
      this.counts.skipped++; // ignored churn only: no event, and no state write either
      return undefined;
    }
    return this.#emit(ingest, key, before, after, rv);
  }

  #stored(obj: KubeObject): StoredObject {
    const uid = obj.metadata?.uid;
    return { rv: obj.metadata?.resourceVersion ?? '', obj: compactObject(obj, this.#o.ignore), ...(uid === undefined ? {} : { uid }) };
  }

  #remove(ingest: WatchIngest, key: string, obj: KubeObject | undefined): Promise<void> | undefined {
    const before = this.#known.get(key);
    if (before === undefined) return undefined;
    return this.#emit(ingest, key, before, undefined, obj?.metadata?.resourceVersion ?? before.rv);
  }

  async #emit(ingest: WatchIngest, key: string, before: StoredObject | undefined, after: StoredObject | undefined, rv: string) {
    const change = classifyChange(before?.obj, after?.obj, this.#o.ignore);
    if (change === null) return;
    const slash = key.indexOf('/');
    const namespace = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const { cluster, kind } = this.#o;
    const state: SourceStateWrite[] = [{ scope: this.#scope, key, value: after ?? null }];

    // An admission or audit webhook may have left word of who made this change.
    let actor = '';
    const hintKey = actorHintKey(cluster, kind, namespace, name);
    const hint = await this.#o.store.getSourceState(ACTOR_HINT_SCOPE, hintKey) as ActorHint | undefined;
    if (hint !== undefined && (this.#o.now ?? Date.now)() - hint.at < ACTOR_HINT_MAX_AGE_MS) {
      actor = hint.actor;
      state.push({ scope: ACTOR_HINT_SCOPE, key: hintKey, value: null });
    }

    const labels = labelsOf(after?.obj ?? before?.obj);
    const input = ownEvent({
      event: change.event, cluster, namespace, resource: kind, name, actor,
      changes: change.changes, detail: change.detail, labels,
      summary: summarizeChange({ type: change.event, kind, namespace, name, actor, changes: change.changes }),
      source: 'cluster-watch',
      dedupKey: `kube:${cluster}:${kind}:${key}:${rv}:${change.event}`,
      data: { resourceVersion: rv },
    });
    const result = await ingest.ingestChecked(input, { state });
    if (result.duplicate) {
      // Already recorded (with its state) by an earlier run; make sure the state is current anyway.
      this.counts.duplicates++;
      await this.#o.store.putSourceState(state.slice(0, 1));
    } else {
      this.counts.events++;
    }
    if (after === undefined) this.#known.delete(key);
    else this.#known.set(key, after);
  }
}
