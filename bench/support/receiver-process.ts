import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The bench's receiver, in its own process so it does not share the event loop
 * of what it measures. Counts POSTs and, when the body carries `"t0":"<epoch ms>"`
 * (the time the event was posted), the latency to arrival. Driven over IPC:
 * `reset`, `count` (polled: cheap), `stats` → `{count, p50, p99, max}` (sorts, so asked once).
 */
let count = 0;
let latencies: number[] = [];
const T0 = /"t0":"(\d+)"/;

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    count++;
    const m = T0.exec(Buffer.concat(chunks).toString());
    if (m !== null) latencies.push(Date.now() - Number(m[1]));
    res.end('ok');
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  process.send!({ port: (server.address() as AddressInfo).port });
});

function pct(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

process.on('message', (msg: { op: string; id: number }) => {
  if (msg.op === 'reset') { count = 0; latencies = []; process.send!({ id: msg.id }); }
  if (msg.op === 'count') process.send!({ id: msg.id, count });
  if (msg.op === 'stats') {
    const sorted = [...latencies].sort((a, b) => a - b);
    process.send!({ id: msg.id, count, p50: pct(sorted, 0.5), p99: pct(sorted, 0.99), max: sorted.at(-1) ?? 0 });
  }
  if (msg.op === 'exit') server.close(() => process.exit(0));
});
