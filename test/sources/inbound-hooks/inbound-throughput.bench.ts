import { createHmac } from 'node:crypto';
import { fixture } from '../../support/fixtures.ts';
import { startInbound } from './harness.ts';

/**
 * Inbound requests acknowledged per second on loopback, through the whole
 * Herald (SQLite, synchronous FULL, one receiver webhook so every event also
 * gets a delivery that the dispatcher sends meanwhile). A bounded loop: BENCH_N
 * requests per case, BENCH_C in flight.
 *
 *   node_modules/.bin/node test/inbound/inbound-throughput.bench.ts
 */
const N = Number(process.env.BENCH_N ?? 2000);
const C = Number(process.env.BENCH_C ?? 16);
const SECRET = 'bench-github-secret';
const TOKEN = 'bench-alertmanager-token-0123';

const h = await startInbound([
  { name: 'gh', type: 'github', secret: SECRET },
  { name: 'am', type: 'alertmanager', token: TOKEN },
]);
await h.receiver('all');

async function run(label: string, request: (i: number) => Promise<Response>, expect: number): Promise<void> {
  let next = 0;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(Array.from({ length: C }, async () => {
    while (next < N) {
      const i = next++;
      const t = performance.now();
      const res = await request(i);
      await res.arrayBuffer();
      if (res.status !== expect) throw new Error(`${label}: request ${i} answered ${res.status}`);
      latencies.push(performance.now() - t);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1);
  console.log(`${label.padEnd(44)} ${(N / seconds).toFixed(0).padStart(6)} req/s   p50 ${p(0.5)} ms   p99 ${p(0.99)} ms`);
}

const push = fixture('github/github_push_with-new-branch.payload.json');
const pushSig = `sha256=${createHmac('sha256', SECRET).update(push).digest('hex')}`;
const githubHeaders = (id: string, sig = pushSig) => ({ 'x-hub-signature-256': sig, 'x-github-event': 'push', 'x-github-delivery': id });

const group = JSON.parse(fixture('alertmanager/alertmanager_webhook_payload_real_prometheus-msteams_prom_post_request.json'));
const alerts10 = (i: number) => JSON.stringify({
  ...group,
  alerts: Array.from({ length: 10 }, (_, k) => ({ ...group.alerts[0], labels: { ...group.alerts[0].labels, instance: `node-${i}-${k}` } })),
});

console.log(`N=${N} per case, ${C} in flight, Node ${process.version}`);
await run('GitHub push (7 KB), signed, new delivery id', (i) => h.post('gh', push, githubHeaders(`new-${i}`)), 202);
await run('GitHub push, redelivered (duplicate)', (i) => h.post('gh', push, githubHeaders(`new-${i % 100}`)), 200);
await run('GitHub push, wrong signature (rejected)', (i) => h.post('gh', push, githubHeaders(`bad-${i}`, 'sha256=00')), 401);
await run('Alertmanager group of 10 alerts (10 events)', (i) => h.post('am', alerts10(i), { authorization: `Bearer ${TOKEN}` }), 202);
await h.close();
