import { HeraldError } from '../../core/errors.ts';
import { ignoreMatcher } from '../../core/kube-diff.ts';
import { schemaError } from '../../core/schema-error.ts';
import type { Ingest } from '../../app/record-event.ts';
import type { SourceState } from '../../app/ports/source-state.ts';
import { consoleLogger, type SourceLogger } from '../source.ts';
import { type IsWatched } from '../../app/actor-hints.ts';
import type { KnownObject } from '../kubernetes/known-objects.ts';
import type { Source } from '../source.ts';
import { builtinByKind } from '../kubernetes/resources.ts';
import { ClusterWatchConfigSchema, isBuiltin, resolveKinds, type ClusterConfig, type ClusterWatchConfigInput } from './config.ts';
import { createKubeClient, loadKubeConfig, type KubeClient } from './kube-client.ts';
import { ObjectTracker } from './object-tracker.ts';
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
  readonly watchers: readonly KindWatcher[];
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
  const trackers = new Map<string, ObjectTracker[]>();

  const sources = cfg.clusters.map((cluster, i): ClusterWatchSource => {
    if (names.has(cluster.name)) {
      throw new HeraldError('CONFIG_INVALID', `watch.clusters.${i}.name: "${cluster.name}" is listed twice`, `watch.clusters.${i}.name`);
    }
    names.add(cluster.name);
    const client: KubeClient = clientFor(cluster, `watch.clusters.${i}`);
    const watchers: KindWatcher[] = [];
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
        const tracker = new ObjectTracker({ store, cluster: cluster.name, kind: spec.kind, group: spec.group, namespace, ignore, now: opts.now });
        if (announced) trackers.set(id, [...trackers.get(id) ?? [], tracker]);
        watchers.push(new KindWatcher({
          client, spec, namespace, tracker, logger, cluster: cluster.name,
          pageSize: opts.pageSize, watchTimeoutSeconds: opts.watchTimeoutSeconds, maxBackoffMs: opts.maxBackoffMs,
        }));
      }
    }
    return {
      name: `cluster-watch:${cluster.name}`,
      cluster: cluster.name,
      watchers,
      async start(ingest: Ingest) {
        for (const w of watchers) await w.start(ingest);
      },
      async stop() {
        await Promise.all(watchers.map((w) => w.stop()));
        await client.close();
      },
    };
  });

  return {
    sources,
    isWatched: (cluster, kind) => watched.has(`${cluster}\u0000${kind}`),
    known: (cluster, kind, namespace, name) => {
      for (const t of trackers.get(`${cluster}\u0000${kind}`) ?? []) {
        const obj = t.known(`${namespace}/${name}`);
        if (obj !== undefined) return obj;
      }
      return undefined;
    },
  };
}

/** A kubeconfig that cannot be read or names no cluster is a configuration mistake, named by its setting. */
function clientFor(cluster: ClusterConfig, at: string): KubeClient {
  const field = cluster.inCluster ? `${at}.inCluster` : `${at}.kubeconfig`;
  try {
    return createKubeClient(loadKubeConfig(cluster));
  } catch (err) {
    const where = cluster.inCluster ? 'the in-cluster service account' : cluster.kubeconfig;
    throw new HeraldError('CONFIG_INVALID', `${field}: cannot use ${where}: ${(err as Error).message}`, { field, cause: err });
  }
}
