import { join } from 'node:path';
import { Ingestor } from '../../../src/app/record-event.ts';
import type { RecordEventResult, Store } from '../../../src/store/store.ts';
import type { HeraldEvent } from '../../../src/core/event.ts';
import { SecretBox } from '../../../src/store/secret-box.ts';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { createClusterWatch, type ClusterWatch, type ClusterWatchConfigInput } from '../../../src/sources/cluster-watch/index.ts';
import type { SourceLogger } from '../../../src/sources/source.ts';
import { tempDir } from '../../support/temp-dir.ts';

/**
 * Shared set-up for the cluster-watch tests: the real SQLite store in a temp
 * file, the real Ingestor, and helpers to wait for events to land in the store.
 */

export const quietLogger = { warn: () => {}, error: () => {} };
const SECRET = SecretBox.generateKey();

export function openStore(path: string): SqliteStore {
  return new SqliteStore({ path, secrets: SecretBox.fromString(SECRET) });
}

export function storePath(prefix = 'watch'): { dir: string; db: string } {
  const dir = tempDir(prefix);
  return { dir, db: join(dir, 'herald.db') };
}

export interface Running {
  watch: ClusterWatch;
  store: SqliteStore;
  ingestor: Ingestor;
  stop(): Promise<void>;
}

const running = new Set<Running>();

/** Stops whatever a failed test left running, so a failure reports instead of hanging the process. */
export async function stopAll(): Promise<void> {
  for (const r of [...running]) await r.stop();
}

export async function startWatch(config: ClusterWatchConfigInput, store: SqliteStore,
  opts: { now?: () => number; logger?: SourceLogger; pageSize?: number } = {}): Promise<Running> {
  const { logger = quietLogger, ...tuning } = opts;
  const watch = createClusterWatch(config, store, logger, { pageSize: 2, watchTimeoutSeconds: 30, maxBackoffMs: 50, ...tuning });
  const ingestor = new Ingestor(store);
  for (const s of watch.sources) await s.start(ingestor);
  const synced = Promise.all(watch.sources.flatMap((s) => s.watchers.map((w) => w.synced)));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('watch did not sync in 5 s')), 5000); });
  try {
    await Promise.race([synced, timeout]);
  } finally {
    clearTimeout(timer);
  }
  const run: Running = {
    watch, store, ingestor,
    async stop() {
      running.delete(run);
      for (const s of watch.sources) await s.stop();
    },
  };
  running.add(run);
  return run;
}

export async function allEvents(store: Pick<Store, 'listEvents'>): Promise<HeraldEvent[]> {
  const out: HeraldEvent[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await store.listEvents(cursor, 500);
    out.push(...page.items);
    if (page.nextCursor === null) return out;
    cursor = page.nextCursor;
  }
}

/** Polls until `count` events exist (or fails after `ms`); returns them. */
export async function waitForEvents(store: Pick<Store, 'listEvents'>, count: number, ms = 3000): Promise<HeraldEvent[]> {
  const until = Date.now() + ms;
  for (;;) {
    const events = await allEvents(store);
    if (events.length >= count) return events;
    if (Date.now() > until) throw new Error(`expected ${count} events, got ${events.length}: ${events.map(brief).join(', ')}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Waits until nothing new arrives for `quietMs`, so "no more events" assertions mean something. */
export async function settle(store: Pick<Store, 'listEvents'>, quietMs = 150): Promise<HeraldEvent[]> {
  let last = -1;
  for (;;) {
    const events = await allEvents(store);
    if (events.length === last) return events;
    last = events.length;
    await new Promise((r) => setTimeout(r, quietMs));
  }
}

export function brief(e: HeraldEvent): string {
  return `${e.event} ${e.cluster}/${e.resource}/${e.namespace}/${e.name}`;
}

export function deployment(name: string, replicas = 1, image = 'app:1', namespace = 'default') {
  return {
    metadata: { name, namespace, labels: { app: name } },
    spec: { replicas, template: { spec: { containers: [{ name: 'app', image }] } } },
    status: { replicas: 0 },
  };
}

export type { RecordEventResult };
