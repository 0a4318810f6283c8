import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { HeraldError } from '../../core/errors.ts';
import { schemaError } from '../../core/schema-error.ts';
import type { Ingest } from '../../app/record-event.ts';
import type { Fence } from '../../app/ports/lease.ts';
import type { SourceState } from '../../app/ports/source-state.ts';
import { collectionPath, type KindSpec } from '../cluster-watch/config.ts';
import { clientFor } from '../cluster-watch/index.ts';
import { runWhileLeading } from '../cluster-watch/run-while-leading.ts';
import { KindWatcher } from '../cluster-watch/watcher.ts';
import { consoleLogger, type Source, type SourceLogger } from '../source.ts';
import { ClusterHealthConfigSchema, type ClusterHealthConfigInput } from './config.ts';
import { eventsApi } from './discovery.ts';
import { ProblemBook } from './problem-book.ts';
import { eventReader, HealthTarget, nodeReader, podReader, type Reader } from './targets.ts';

/**
 * Entry point of cluster health: one Source per configured cluster, watching
 * its Events (events.k8s.io/v1, or core v1 where discovery says so), Pods and
 * Nodes, and announcing problems and recoveries through one ProblemBook.
 * With a shared store, replicas elect one watcher per cluster, as the cluster
 * watch does (lease `cluster-health:<name>`), and every write is fenced.
 */

export { ClusterHealthConfigSchema, type ClusterHealthConfig, type ClusterHealthConfigInput } from './config.ts';

const PODS: KindSpec = { group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true };
const NODES: KindSpec = { group: '', version: 'v1', kind: 'Node', plural: 'nodes', namespaced: false };

export interface ClusterHealthSource extends Source {
  readonly cluster: string;
  readonly book: ProblemBook;
  /** The watches of the current term (empty until started); tests wait on their `synced`. */
  readonly watchers: readonly KindWatcher[];
  /** The Events API chosen by discovery, e.g. `/apis/events.k8s.io/v1/events`; empty until started. */
  readonly eventsPath: string;
}

export interface ClusterHealthOptions {
  pageSize?: number;
  watchTimeoutSeconds?: number;
  maxBackoffMs?: number;
  now?: () => number;
  identity?: string;
}

export function createClusterHealth(config: ClusterHealthConfigInput, store: SourceState, logger: SourceLogger = consoleLogger,
  opts: ClusterHealthOptions = {}): ClusterHealthSource[] {
  const parsed = ClusterHealthConfigSchema.safeParse(config);
  if (!parsed.success) throw schemaError(parsed.error, { code: 'CONFIG_INVALID', at: 'health' });
  const cfg = parsed.data;
  const now = opts.now ?? Date.now;
  const identity = opts.identity ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const names = new Set<string>();

  return cfg.clusters.map((cluster, i): ClusterHealthSource => {
    if (names.has(cluster.name)) {
      throw new HeraldError('CONFIG_INVALID', `health.clusters.${i}.name: "${cluster.name}" is listed twice`, `health.clusters.${i}.name`);
    }
    names.add(cluster.name);
    const client = clientFor(cluster, `health.clusters.${i}`);
    let fence: Fence | undefined;
    const fenced: Pick<SourceState, 'listSourceState' | 'getSourceState' | 'putSourceState'> = {
      listSourceState: (scope) => store.listSourceState(scope),
      getSourceState: (scope, key) => store.getSourceState(scope, key),
      putSourceState: (writes) => store.putSourceState(writes, fence),
    };
    const book = new ProblemBook({
      store: fenced, cluster: cluster.name, announceResolved: cfg.resolved, repeatIntervalMs: cfg.repeatIntervalMs, now,
    });
    let watchers: KindWatcher[] = [];
    let eventsPath = '';

    const watcher = (spec: KindSpec, namespace: string | undefined, reader: Reader) => new KindWatcher({
      client, spec, namespace, logger, cluster: cluster.name,
      tracker: new HealthTarget({
        book, reader, store: fenced, cluster: cluster.name, announceExisting: cfg.announceExisting, now,
        watch: `${spec.kind}${namespace === undefined ? '' : `/${namespace}`}`,
      }),
      pageSize: opts.pageSize, watchTimeoutSeconds: opts.watchTimeoutSeconds, maxBackoffMs: opts.maxBackoffMs,
    });

    const startWatchers = async (ingest: Ingest) => {
      book.reset();
      const events = await eventsApi(client, logger, cluster.name);
      eventsPath = collectionPath(events);
      const namespaces: Array<string | undefined> = cfg.namespaces ?? [undefined];
      watchers = [
        ...namespaces.map((ns) => watcher(events, ns, eventReader(cfg.normal))),
        ...namespaces.map((ns) => watcher(PODS, ns, podReader(ns, now))),
        watcher(NODES, undefined, nodeReader(now)),
      ];
      for (const w of watchers) await w.start(ingest);
    };
    const stopWatchers = async () => {
      await Promise.all(watchers.map((w) => w.stop()));
    };
    const run = runWhileLeading({
      leases: store.leases, lease: `cluster-health:${cluster.name}`, holder: identity, election: cfg.leaderElection, logger,
      setFence: (f) => { fence = f; }, start: startWatchers, stop: stopWatchers,
    });

    return {
      name: `cluster-health:${cluster.name}`,
      cluster: cluster.name,
      book,
      get watchers() { return watchers; },
      get eventsPath() { return eventsPath; },
      start: (ingest) => run.start(ingest),
      async stop() {
        await run.stop();
        await client.close();
      },
    };
  });
}
