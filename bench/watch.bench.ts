import { join } from 'node:path';
import { Ingestor } from '../src/app/record-event.ts';
import { createClusterWatch } from '../src/sources/cluster-watch/index.ts';
import { SecretBox } from '../src/store/secret-box.ts';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { writeKubeconfig } from '../test/fake-kube-api/kubeconfig.ts';
import { tempDir } from '../test/support/temp-dir.ts';
import { FakeKubeRemote } from './support/fake-kube-remote.ts';

/**
 * Cluster-watch throughput: watch events processed per second, end to end —
 * API server stream → parse → compact + diff against stored state →
 * ingest (event + state in one SQLite transaction, synchronous=FULL). Half the
 * events are real changes (scale), half status churn that must be skipped.
 * Bounded: BENCH_N objects × BENCH_ROUNDS rounds.
 *
 * The fake API server runs in its own process (bench/support/fake-kube-process.ts)
 * and makes the changes before the clock starts, held back as a lagging watch
 * cache would; the clock runs from their release until Herald's watch has
 * stored the last one. What the server itself spent is printed beside it.
 */
const N = Number(process.env.BENCH_N ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);

const api = await FakeKubeRemote.start();
await api.create(N);
const dir = tempDir('watch-bench');
const kubeconfig = writeKubeconfig(dir, [{ name: 'bench', server: api.url }]);
const store = new SqliteStore({ path: join(dir, 'herald.db'), secrets: SecretBox.fromString(SecretBox.generateKey()) });
const watch = createClusterWatch({ clusters: [{ name: 'bench', kubeconfig }], kinds: ['Deployment'] }, store,
  { warn: (o, m) => console.error('warn', m, o), error: (o, m) => console.error('error', m, o) });
const source = watch.sources[0]!;
const watcher = source.watchers[0]!;

globalThis.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
await api.busy();
let t = performance.now();
await source.start(new Ingestor(store));
await watcher.synced;
const listMs = performance.now() - t;
const serverListMs = (await api.busy()).ms;
globalThis.gc?.();
const perObjectKiB = (process.memoryUsage().heapUsed - heapBefore) / N / 1024;
const state = await store.listSourceState('kube:bench:Deployment');
const stateBytes = state.reduce((n, s) => n + s.key.length + JSON.stringify(s.value).length, 0) / state.length;

// The watch must be open before the changes are made, or it would get them from the log as it opens.
while (watcher.watches === 0) await new Promise((res) => setTimeout(res, 2));
const prepared = await api.prepare(N, ROUNDS);
const cpu = process.cpuUsage();
const mainCpu = process.threadCpuUsage();
t = performance.now();
const released = await api.release();
while (watcher.resourceVersion !== prepared.rv) await new Promise((res) => setTimeout(res, 2));
const watchMs = performance.now() - t;
const used = process.cpuUsage(cpu);
const cpuMs = (used.user + used.system) / 1000;
const mainUsed = process.threadCpuUsage(mainCpu);
const mainMs = (mainUsed.user + mainUsed.system) / 1000;
const total = N * ROUNDS * 2;
const events = (await store.listEvents(undefined, 1_000_000)).items.length;

console.log(`initial list + reconcile of ${N} objects: ${listMs.toFixed(0)} ms; heap per object: ${perObjectKiB.toFixed(1)} KiB; ` +
  `stored state per object: ${stateBytes.toFixed(0)} B; the API server was busy ${serverListMs.toFixed(0)} ms of it serving the list`);
console.log(`${total} watch events (${total / 2} scales, ${total / 2} status churn) in ${watchMs.toFixed(0)} ms: ` +
  `${Math.round(total / (watchMs / 1000))} events/s; ${events} Herald events recorded`);
console.log(`Herald CPU for them: ${cpuMs.toFixed(0)} ms (${Math.round(total / (cpuMs / 1000))} events per CPU second), ` +
  `${mainMs.toFixed(0)} ms of it on the main thread (${(mainMs * 1000 / total).toFixed(1)} µs per event); ` +
  `the API server's own cost, not timed: ${prepared.ms.toFixed(0)} ms making them, ${released.ms.toFixed(0)} ms writing them`);

await source.stop();
await store.close();
await api.close();
