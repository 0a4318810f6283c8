import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Agent, request } from 'undici';
import { parse } from 'yaml';

/**
 * Memory of a `herald serve` process (SQLite store) started as the pod starts
 * it, the figures behind its requests and limits (deploy/base/deployment.yaml):
 * RSS when idle after start, and the peak (VmHWM) while BENCH_N events are
 * ingested at BENCH_CONCURRENCY and each delivered to a loopback receiver.
 */
const N = Number(process.env.BENCH_N ?? 20_000);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const TOKEN = 'bench-admin-token-0123456789abcdef';

let received = 0;
const receiver = createServer((req, res) => { req.resume(); req.on('end', () => { received++; res.end('ok'); }); });
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

// Started as the package and the image start it: bin/herald.js, with the compile cache
// bin/warm-compile-cache.js fills (the image build runs it), so no module is type-stripped at start.
// BENCH_COLD=1 measures a start without it (NODE_DISABLE_COMPILE_CACHE).
const COLD = process.env.BENCH_COLD === '1';
// The V8 heap settings the pod runs with (the Deployment's NODE_OPTIONS), unless BENCH_NODE_OPTIONS says otherwise ('' for V8's defaults).
const deployment = parse(readFileSync('deploy/base/deployment.yaml', 'utf8')) as { spec: { template: { spec: { containers: Array<{ env: Array<{ name: string; value?: string }> }> } } } };
const NODE_OPTIONS = process.env.BENCH_NODE_OPTIONS
  ?? deployment.spec.template.spec.containers[0]!.env.find((e) => e.name === 'NODE_OPTIONS')?.value ?? '';
if (!COLD) execFileSync(process.execPath, ['bin/warm-compile-cache.js'], { stdio: 'ignore' });
const dataDir = mkdtempSync(join(tmpdir(), 'herald-mem-'));
const child = spawn(process.execPath, ['bin/herald.js', 'serve', '--port', '0', '--data-dir', dataDir], {
  env: { ...process.env, NODE_OPTIONS, ...(COLD ? { NODE_DISABLE_COMPILE_CACHE: '1' } : {}), HERALD_ADMIN_TOKEN: TOKEN, HERALD_ALLOWED_NETWORKS: '127.0.0.0/8', HERALD_LOG_LEVEL: 'info' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise<string>((resolve) => {
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const m = /"url":"([^"]+)".*herald is listening/.exec(line);
    if (m !== null) resolve(m[1]!);
  });
});
const status = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024;

// CPU time the process (every thread) spent, in ms: what a heap setting costs under load.
const cpuMs = () => {
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in clock ticks of 10 ms
};

await new Promise((r) => setTimeout(r, IDLE_MS));
const idle = status('VmRSS');
const cpuBefore = cpuMs();

const agent = new Agent({ connections: CONCURRENCY });
const api = async (path: string, body: unknown) => {
  const res = await request(`${url}${path}`, {
    method: 'POST', dispatcher: agent, body: JSON.stringify(body),
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
  });
  await res.body.text();
  if (res.statusCode >= 300) throw new Error(`${path}: ${res.statusCode}`);
};
await api('/api/v1/webhooks', { name: 'bench', url: hook });
let next = 0;
await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
  while (next < N) {
    const i = next++;
    await api('/api/v1/events', { event: 'update', cluster: 'bench', namespace: 'default', resource: 'Deployment', name: `api-${i}`, summary: 'spec.replicas 1 → 2' });
  }
}));
while (received < N) await new Promise((r) => setTimeout(r, 50));
const cpuPerEventUs = Math.round((cpuMs() - cpuBefore) * 1000 / N);
const peak = status('VmHWM');
const after = status('VmRSS');
console.log(JSON.stringify({ events: N, concurrency: CONCURRENCY, compileCache: !COLD, nodeOptions: NODE_OPTIONS, idleRssMiB: Math.round(idle), peakRssMiB: Math.round(peak), rssAfterMiB: Math.round(after), cpuPerEventUs }));
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
await agent.close();
receiver.close();
rmSync(dataDir, { recursive: true, force: true });
