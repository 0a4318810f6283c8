import { execFileSync } from 'node:child_process';
import { bullmq, bullmqEndToEnd, bullmqOpenLoop, graphileWorker, graphileWorkerEndToEnd, rawUndici } from './support/baselines.ts';
import { drain, endToEnd, fanOut, heraldOpenLoop, manyWebhooks } from './support/herald-runs.ts';
import { Producer } from './support/producer.ts';
import { Receiver } from './support/receiver.ts';

/**
 * `npm run bench [-- --quick]`: Herald against what a Node user would build
 * instead, measured in the same run on the same machine (a shared 2-core box
 * is noisy, so only the ratios travel), each figure printed with its ratio and
 * the target from issue 13. Bounded in count and time; loopback only.
 */
const quick = process.argv.includes('--quick');
const N = Number(process.env.BENCH_N ?? (quick ? 3000 : 10_000));
const C = 32;
const OPEN_SECONDS = quick ? 5 : 15;
const RATE = 1000;
const WEBHOOKS = 10_000;

const rows: Array<[string, string, string]> = [];
function line(what: string, figure: string, verdict = ''): void {
  rows.push([what, figure, verdict]);
  console.log(`${what.padEnd(58)} ${figure.padStart(16)}  ${verdict}`);
}
const r0 = (x: number) => Math.round(x).toLocaleString('en-US');
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const check = (ok: boolean, text: string) => `${ok ? 'ok  ' : 'MISS'} ${text}`;

/**
 * `--only sqlite,pg,open,many,fan,watch,memory` runs those parts (and the
 * baselines their ratios need); without it, all of them.
 */
const PARTS = ['sqlite', 'pg', 'open', 'many', 'fan', 'watch', 'memory'] as const;
const onlyArg = process.argv.find((a) => a.startsWith('--only'))?.split('=')[1] ?? process.argv[process.argv.indexOf('--only') + 1];
const only = process.argv.some((a) => a.startsWith('--only')) ? new Set(onlyArg?.split(',')) : new Set<string>(PARTS);
for (const p of only) if (!(PARTS as readonly string[]).includes(p)) { console.error(`bench: unknown part "${p}"; parts: ${PARTS.join(', ')}`); process.exit(2); }
const want = (p: typeof PARTS[number]) => only.has(p);

console.log(`herald bench${quick ? ' (quick)' : ''}: ${N} deliveries, concurrency ${C}; receiver and producers each in their own process\n`);
const receiver = await Receiver.start();
const producer = Producer.start();

let sq: { deliveredPerS: number; ingestPerS: number } | undefined;
if (want('sqlite') || want('many') || want('fan')) {
  sq = await endToEnd(producer, receiver, N, C);
}
if (want('sqlite')) {
  const raw = await rawUndici(receiver, N, C);
  line('raw undici loop (ceiling)', `${r0(raw)} req/s`);
  const bull = await bullmq(receiver, N, C);
  line('BullMQ worker on Redis', `${r0(bull)} /s`, `${ratio(bull, raw)} raw`);
  line('Herald SQLite (synchronous=FULL) end to end', `${r0(sq!.deliveredPerS)} /s`,
    check(sq!.deliveredPerS >= 1.5 * bull && sq!.deliveredPerS >= 0.5 * raw, `${ratio(sq!.deliveredPerS, bull)} BullMQ (≥1.5), ${ratio(sq!.deliveredPerS, raw)} raw (≥0.5)`));
  line('Herald SQLite ingest alone (HTTP, 32 clients)', `${r0(sq!.ingestPerS)} events/s`);
  // Like for like: the baselines above are timed draining a queue filled beforehand, Herald from
  // its first POST. These two lines time both the same way.
  const sqDrain = await drain(producer, receiver, N, C);
  line('Herald SQLite drain (filled first, timed as the baselines)', `${r0(sqDrain)} /s`, `${ratio(sqDrain, bull)} BullMQ, ${ratio(sqDrain, raw)} raw`);
  const bullE2e = await bullmqEndToEnd(producer, receiver, N, C);
  line('BullMQ behind an HTTP endpoint, end to end', `${r0(bullE2e)} /s`, `Herald SQLite ${ratio(sq!.deliveredPerS, bullE2e)} of it`);
}
if (want('pg')) {
  const gw = await graphileWorker(receiver, N, C);
  line('graphile-worker on PostgreSQL', `${r0(gw)} /s`);
  const pgRun = await endToEnd(producer, receiver, N, C, true);
  line('Herald PostgreSQL end to end, 1 replica', `${r0(pgRun.deliveredPerS)} /s`,
    check(pgRun.deliveredPerS >= gw, `${ratio(pgRun.deliveredPerS, gw)} graphile-worker (≥1)`));
  const pgDrain = await drain(producer, receiver, N, C, true);
  line('Herald PostgreSQL drain (filled first, timed as the baseline)', `${r0(pgDrain)} /s`, `${ratio(pgDrain, gw)} graphile-worker`);
  const gwE2e = await graphileWorkerEndToEnd(producer, receiver, N, C);
  line('graphile-worker behind an HTTP endpoint, end to end', `${r0(gwE2e)} /s`, `Herald PostgreSQL ${ratio(pgRun.deliveredPerS, gwE2e)} of it`);
}
if (want('open')) {
  const bullOpen = await bullmqOpenLoop(receiver, RATE, OPEN_SECONDS, C);
  line(`BullMQ open loop ${RATE}/s × ${OPEN_SECONDS} s: p99 add → arrival`, `${r0(bullOpen.p99)} ms`, `p50 ${bullOpen.p50} ms`);
  const open = await heraldOpenLoop(producer, receiver, RATE, OPEN_SECONDS, C);
  line(`Herald open loop ${RATE}/s × ${OPEN_SECONDS} s: p99 POST → arrival`, `${r0(open.p99)} ms`,
    check(open.p99 < bullOpen.p99 && open.p99 < 50, `p50 ${open.p50} ms; ${ratio(open.p99, bullOpen.p99)} BullMQ's p99 (<1), <50 ms`));
}
if (want('many')) {
  // Like for like: 10 webhooks that all match, so each event makes 10 deliveries in both runs.
  const ten = await manyWebhooks(producer, receiver, 10, Math.floor(N / 5), C);
  const many = await manyWebhooks(producer, receiver, WEBHOOKS, Math.floor(N / 5), C);
  line(`${WEBHOOKS} webhooks (10 match): matching per event`, `${many.matchUs.toFixed(1)} µs`, check(many.matchUs <= 50, '≤ 50 µs'));
  line('10 webhooks, all 10 match: ingest', `${r0(ten.ingestPerS)} events/s`, `${ratio(ten.ingestPerS, sq!.ingestPerS)} one webhook`);
  line(`${WEBHOOKS} webhooks (10 match): ingest`, `${r0(many.ingestPerS)} events/s`,
    check(many.ingestPerS >= 0.8 * ten.ingestPerS, `${ratio(many.ingestPerS, ten.ingestPerS)} 10 webhooks (≥0.8), ${ratio(many.ingestPerS, sq!.ingestPerS)} one webhook`));
  line(`${WEBHOOKS} webhooks: idle claim`, `${many.idleClaimMs.toFixed(3)} ms`, check(many.idleClaimMs < 1, '< 1 ms'));
  line(`${WEBHOOKS} webhooks: a change made elsewhere routed after`, `${r0(many.changeRoutedMs)} ms`, check(many.changeRoutedMs < 1000, '< 1 s'));
}
if (want('fan')) {
  const fan = await fanOut(producer, receiver, N, C);
  line('fan-out, one event to 100 webhooks', `${r0(fan.deliveredPerS)} /s`,
    check(fan.deliveredPerS >= sq!.deliveredPerS, `${ratio(fan.deliveredPerS, sq!.deliveredPerS)} one webhook (≥1)`));
}
await receiver.close();
await producer.close();

// Cluster watch and memory run in their own processes: each needs a clean heap to be measured.
const node = process.execPath;
if (want('watch')) {
  const watchObjects = quick ? 5000 : 20_000;
  const watchOut = execFileSync(node, ['--expose-gc', 'bench/watch.bench.ts'], { env: { ...process.env, BENCH_N: String(watchObjects), BENCH_ROUNDS: '1' }, encoding: 'utf8', timeout: 300_000 });
  const listMs = Number(/initial list \+ reconcile of \d+ objects: (\d+) ms/.exec(watchOut)?.[1]);
  const watchRate = Number(/: (\d+) events\/s/.exec(watchOut)?.[1]);
  const perObject = /heap per object: ([\d.]+ KiB)/.exec(watchOut)?.[1] ?? '?';
  line(`cluster watch: initial sync of ${watchObjects} objects`, `${r0(listMs)} ms`, check(listMs < 3000 * watchObjects / 20_000, `< 3 s for 20,000; ${perObject} per object`));
  line('cluster watch: events processed', `${r0(watchRate)} /s`, check(watchRate >= 10_000, '≥ 10,000/s'));
}

if (want('memory')) {
  const memOut = execFileSync(node, ['bench/memory.bench.ts'], { env: { ...process.env, BENCH_N: String(quick ? 5000 : 20_000), BENCH_IDLE_MS: '5000' }, encoding: 'utf8', timeout: 300_000 });
  const mem = JSON.parse(memOut.trim().split('\n').at(-1)!) as { idleRssMiB: number; peakRssMiB: number };
  line('herald serve idle RSS', `${mem.idleRssMiB} MiB`, check(mem.idleRssMiB < 100, '< 100 MiB'));
  line('herald serve peak RSS at full load', `${mem.peakRssMiB} MiB`, check(mem.peakRssMiB < 250, '< 250 MiB'));
}

console.log(`\n${rows.filter((r) => r[2].startsWith('MISS')).length} of ${rows.filter((r) => /^(ok|MISS)/.test(r[2])).length} targets missed`);
process.exit(0);
