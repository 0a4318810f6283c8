import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { HeraldError } from '../../core/errors.ts';
import { ignoreMatcher } from '../../core/kube-diff.ts';
import { schemaError } from '../../core/schema-error.ts';
import type { SourceState } from '../../app/ports/source-state.ts';
import type { Fence } from '../../app/ports/lease.ts';
import { consoleLogger, type SourceLogger } from '../source.ts';
import { type IsWatched } from '../../app/actor-hints.ts';
import type { KnownObject } from '../kubernetes/known-objects.ts';
import type { Source } from '../source.ts';
import { builtinByKind } from '../kubernetes/resources.ts';
import { ClusterWatchConfigSchema, isBuiltin, resolveKinds, type ClusterConfig, type ClusterWatchConfigInput } from './config.ts';
import { createKubeClient, loadKubeConfig, type KubeClient } from './kube-client.ts';
import { ObjectTracker, type WatchIngest } from './object-tracker.ts';
import { runWhileLeading } from './run-while-leading.ts';
import { KindWatcher } from './watcher.ts';

/**
 * Entry point of the cluster watch: one Source per configured cluster, each
 * running a KindWatcher per (kind[, namespace]). `isWatched` tells the
 * admission/audit webhooks which kinds this watch announces, so they leave an
 * actor hint instead of a second event.
 */

export { ClusterWatchConfigSchema, type ClusterWatchConfig, type ClusterWatchConfigInput } from './config.ts';

export interface ClusterWatchSource extends Source {
  readonly cluster: string;
  readonly watchers: readonly KindWatcher<WatchIngest>[];
  readonly trackers: readonly ObjectTracker[];
  /** Whether this replica watches the cluster now (always once started on a single-process store). */
  readonly leading: boolean;
  /** Its events are Herald's own: recorded through ingestChecked (own-event.ts). */
  start(ingest: WatchIngest): Promise<void>;
}

export interface ClusterWatch {
  sources: ClusterWatchSource[];
  isWatched: IsWatched;
  /** The watch's last announced copy of an object, for the webhooks' /scale labels and audit diffs. */
  known: KnownObject;
}

export interface ClusterWatchOptions {
  /** Tuning for tests and benchmarks. */
  pageSize?: number;
  watchTimeoutSeconds?: number;
  maxBackoffMs?: number;
  now?: () => number;
  /** This replica's name in leases; host, pid and a random part by default. */
  identity?: string;
  /** Told whenever this replica starts or stops watching a cluster (the leader gauge). */
  onLeadership?: (cluster: string, leading: boolean) => void;
}

export function createClusterWatch(config: ClusterWatchConfigInput, store: SourceState, logger: SourceLogger = consoleLogger,
  opts: ClusterWatchOptions = {}): ClusterWatch {
  const parsed = ClusterWatchConfigSchema.safeParse(config);
  if (!parsed.success) throw schemaError(parsed.error, { code: 'CONFIG_INVALID', at: 'watch' });
  const cfg = parsed.data;
  const kinds = resolveKinds(cfg.kinds);
  const ignore = ignoreMatcher(cfg.ignoreFields);
  const watched = new Set<string>();
  const names = new Set<string>();
  // Every tracker of an announced kind, by cluster and Kind: what `known` answers from.
  const byKind = new Map<string, ObjectTracker[]>();
  const identity = opts.identity ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;

  const sources = cfg.clusters.map((cluster, i): ClusterWatchSource => {
    if (names.has(cluster.name)) {
      throw new HeraldError('CONFIG_INVALID', `watch.clusters.${i}.name: "${cluster.name}" is listed twice`, `watch.clusters.${i}.name`);
    }
    names.add(cluster.name);
    const client: KubeClient = clientFor(cluster, `watch.clusters.${i}`);
    const watchers: KindWatcher<WatchIngest>[] = [];
    const trackers: ObjectTracker[] = [];
    // The fence of the current (or last) term; kept after a term ends, so a write still in flight is refused, never unfenced.
    let fence: Fence | undefined;
    const fencedState: ConstructorParameters<typeof ObjectTracker>[0]['store'] = {
      listSourceState: (scope) => store.listSourceState(scope),
      getSourceState: (scope, key) => store.getSourceState(scope, key),
      putSourceState: (writes) => store.putSourceState(writes, fence),
    };
    for (const spec of kinds) {
      // isWatched is asked by Kind alone. A custom resource reusing a built-in Kind (Knative's Service)
      // is left out: a false "no" costs a duplicate event, a false "yes" would lose the built-in's changes.
      const id = `${cluster.name}\u0000${spec.kind}`;
      const announced = isBuiltin(spec) || builtinByKind(spec.kind) === undefined;
      if (announced) watched.add(id);
      // Namespaced kinds limited to some namespaces get one watch per namespace; otherwise one for all.
      const namespaces: Array<string | undefined> = spec.namespaced && cfg.namespaces !== undefined
        ? cfg.namespaces : [undefined];
      for (const namespace of namespaces) {
        const tracker = new ObjectTracker({
          store: fencedState, cluster: cluster.name, kind: spec.kind, group: spec.group, namespace, ignore, now: opts.now,
          announceExisting: cfg.announceExisting,
        });
        trackers.push(tracker);
        if (announced) byKind.set(id, [...byKind.get(id) ?? [], tracker]);
        watchers.push(new KindWatcher({
          client, spec, namespace, tracker, logger, cluster: cluster.name,
          pageSize: opts.pageSize, watchTimeoutSeconds: opts.watchTimeoutSeconds, maxBackoffMs: opts.maxBackoffMs,
        }));
      }
    }
    let leading = false;
    const startWatchers = async (ingest: WatchIngest) => {
      const baselineBefore = trackers.reduce((n, t) => n + t.counts.baseline, 0);
      for (const w of watchers) await w.start(ingest);
      leading = true;
      opts.onLeadership?.(cluster.name, true);
      void Promise.all(watchers.map((w) => w.synced)).then(() => {
        const objects = trackers.reduce((n, t) => n + t.counts.baseline, 0) - baselineBefore;
        if (objects > 0) {
          logger.info?.({ cluster: cluster.name, objects }, 'first sync: existing objects recorded as the baseline, nothing announced (watch.announceExisting: true announces them)');
        }
      });
    };
    const stopWatchers = async () => {
      await Promise.all(watchers.map((w) => w.stop()));
      if (leading) opts.onLeadership?.(cluster.name, false);
      leading = false;
    };
    const run = runWhileLeading({
      leases: store.leases, lease: `cluster-watch:${cluster.name}`, holder: identity, election: cfg.leaderElection, logger,
      setFence: (f) => { fence = f; }, start: startWatchers, stop: stopWatchers,
    });
    return {
      name: `cluster-watch:${cluster.name}`,
      cluster: cluster.name,
      watchers,
      trackers,
      get leading() { return leading; },
      start: (ingest: WatchIngest) => run.start(ingest),
      async stop() {
        await run.stop();
        await client.close();
      },
    };
  });

  return {
    sources,
    isWatched: (cluster, kind) => watched.has(`${cluster}\u0000${kind}`),
    known: (cluster, kind, namespace, name) => {
      for (const t of byKind.get(`${cluster}\u0000${kind}`) ?? []) {
        const obj = t.known(`${namespace}/${name}`);
        if (obj !== undefined) return obj;
      }
      return undefined;
    },
  };
}

/** A kubeconfig that cannot be read or names no cluster is a configuration mistake, named by its setting. */
export function clientFor(cluster: ClusterConfig, at: string): KubeClient {
  const field = cluster.inCluster ? `${at}.inCluster` : `${at}.kubeconfig`;
  try {
    return createKubeClient(loadKubeConfig(cluster));
  } catch (err) {
    const where = cluster.inCluster ? 'the in-cluster service account' : cluster.kubeconfig;
    throw new HeraldError('CONFIG_INVALID', `${field}: cannot use ${where}: ${(err as Error).message}`, { field, cause: err });
  }
}
