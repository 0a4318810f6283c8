import { join } from 'node:path';
import { Ingestor } from '../src/app/record-event.ts';
import { createClusterWatch } from '../src/sources/cluster-watch/index.ts';
import { SecretBox } from '../src/store/secret-box.ts';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { DEPLOYMENTS, FakeKubeApi } from '../test/fake-kube-api/server.ts';
import { writeKubeconfig } from '../test/fake-kube-api/kubeconfig.ts';
import { tempDir } from '../test/support/temp-dir.ts';

/**
 * Cluster-watch throughput: watch events processed per second, end to end —
 * fake API server stream → parse → compact + diff against stored state →
 * ingest (event + state in one SQLite transaction, synchronous=FULL). Half the
 * events are real changes (scale), half status churn that must be skipped.
 * Bounded: BENCH_N objects × BENCH_ROUNDS rounds.
 */
const N = Number(process.env.BENCH_N ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);

const api = await FakeKubeApi.start();
for (let i = 0; i < N; i++) {
  api.create(DEPLOYMENTS, {
    metadata: { name: `app-${i}`, namespace: 'bench', labels: { app: `app-${i}` } },
    spec: { replicas: 1, template: { spec: { containers: [{ name: 'app', image: 'app:1' }] } } },
  });
}
const dir = tempDir('watch-bench');
const kubeconfig = writeKubeconfig(dir, [{ name: 'bench', server: api.url }]);
const store = new SqliteStore({ path: join(dir, 'herald.db'), secrets: SecretBox.fromString(SecretBox.generateKey()) });
const watch = createClusterWatch({ clusters: [{ name: 'bench', kubeconfig }], kinds: ['Deployment'] }, store,
  { warn: () => {}, error: () => {} });
const source = watch.sources[0]!;
const watcher = source.watchers[0]!;

globalThis.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
let t = performance.now();
await source.start(new Ingestor(store));
await watcher.synced;
const listMs = performance.now() - t;
globalThis.gc?.();
const perObjectKiB = (process.memoryUsage().heapUsed - heapBefore) / N / 1024;

t = performance.now();
for (let r = 0; r < ROUNDS; r++) {
  for (let i = 0; i < N; i++) {
    api.scale(DEPLOYMENTS, 'bench', `app-${i}`, r + 2);
    api.setStatus(DEPLOYMENTS, 'bench', `app-${i}`, { replicas: r + 2, observedGeneration: r });
  }
}
const target = String(api.resourceVersion);
while (watcher.resourceVersion !== target) await new Promise((res) => setTimeout(res, 2));
const watchMs = performance.now() - t;
const total = N * ROUNDS * 2;
const tracker = { events: (await store.listEvents(undefined, 1_000_000)).items.length };

console.log(`initial list + reconcile of ${N} objects: ${listMs.toFixed(0)} ms; heap per object: ${perObjectKiB.toFixed(1)} KiB`);
console.log(`${total} watch events (${total / 2} scales, ${total / 2} status churn) in ${watchMs.toFixed(0)} ms: ` +
  `${Math.round(total / (watchMs / 1000))} events/s; ${tracker.events} Herald events recorded`);

await source.stop();
await store.close();
await api.close();
