import { performance } from 'node:perf_hooks';
import { DEPLOYMENTS, FakeKubeApi } from '../../test/fake-kube-api/server.ts';

/**
 * The watch bench's API server, in its own process as a real one is: its own
 * cost (cloning, serializing, sorting lists) must not be counted as Herald's.
 * Driven over IPC by fake-kube-remote.ts. `prepare` records the changes while
 * the watch cache holds them back, `release` streams them all at once, so the
 * bench times Herald working through a burst, not the fake making it.
 */
type Job =
  | { id: number; op: 'create'; n: number }
  | { id: number; op: 'prepare'; n: number; rounds: number }
  | { id: number; op: 'release' }
  | { id: number; op: 'busy' }
  | { id: number; op: 'exit' };

const api = await FakeKubeApi.start();
// What the server spent serving requests (lists) between two `busy` questions: its event loop's active time.
let elu = performance.eventLoopUtilization();
process.send!({ id: 0, url: api.url });

process.on('message', async (job: Job) => {
  const t = performance.now();
  try {
    if (job.op === 'exit') {
      await api.close();
      process.exit(0);
    } else if (job.op === 'create') {
      for (let i = 0; i < job.n; i++) {
        api.create(DEPLOYMENTS, {
          metadata: { name: `app-${i}`, namespace: 'bench', labels: { app: `app-${i}` } },
          spec: { replicas: 1, template: { spec: { containers: [{ name: 'app', image: 'app:1' }] } } },
        });
      }
    } else if (job.op === 'prepare') {
      api.holdEvents = true;
      // Half real changes (scales), half controller churn (status only) that must not become events.
      for (let r = 0; r < job.rounds; r++) {
        for (let i = 0; i < job.n; i++) {
          api.scale(DEPLOYMENTS, 'bench', `app-${i}`, r + 2);
          api.setStatus(DEPLOYMENTS, 'bench', `app-${i}`, { replicas: r + 2, observedGeneration: r });
        }
      }
    } else if (job.op === 'release') {
      api.releaseHeld();
    } else {
      const since = performance.eventLoopUtilization(elu);
      elu = performance.eventLoopUtilization();
      return process.send!({ id: job.id, ms: since.active, rv: String(api.resourceVersion) });
    }
    process.send!({ id: job.id, ms: performance.now() - t, rv: String(api.resourceVersion) });
  } catch (err) {
    process.send!({ id: job.id, error: (err as Error).message });
  }
});
