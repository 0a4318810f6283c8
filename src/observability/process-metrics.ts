import { readdirSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Sampled, type Sample } from './prometheus-text.ts';

/**
 * The process's own health, read at each scrape under prom-client's usual
 * names (with Herald's prefix): CPU, resident memory, the V8 heap, open file
 * descriptors, start time, and the event loop's delay since the last scrape.
 */
export function processMetrics(prefix: string): { metric: Sampled; stop(): void } {
  const startSeconds = Math.round(Date.now() / 1000 - process.uptime());
  // Sampled every 20 ms; reset at each scrape, so p99 and max describe the last interval.
  const loop = monitorEventLoopDelay({ resolution: 20 });
  loop.enable();
  const metric = new Sampled(() => {
    const cpu = process.cpuUsage();
    const mem = process.memoryUsage();
    const samples: Sample[] = [
      { name: `${prefix}process_cpu_user_seconds_total`, help: 'User CPU time spent in seconds.', type: 'counter', value: cpu.user / 1e6 },
      { name: `${prefix}process_cpu_system_seconds_total`, help: 'System CPU time spent in seconds.', type: 'counter', value: cpu.system / 1e6 },
      { name: `${prefix}process_cpu_seconds_total`, help: 'Total user and system CPU time spent in seconds.', type: 'counter', value: (cpu.user + cpu.system) / 1e6 },
      { name: `${prefix}process_start_time_seconds`, help: 'Start time of the process since unix epoch in seconds.', type: 'gauge', value: startSeconds },
      { name: `${prefix}process_resident_memory_bytes`, help: 'Resident memory size in bytes.', type: 'gauge', value: mem.rss },
      { name: `${prefix}nodejs_heap_size_total_bytes`, help: 'Process heap size from Node.js in bytes.', type: 'gauge', value: mem.heapTotal },
      { name: `${prefix}nodejs_heap_size_used_bytes`, help: 'Process heap size used from Node.js in bytes.', type: 'gauge', value: mem.heapUsed },
      { name: `${prefix}nodejs_external_memory_bytes`, help: 'Node.js external memory size in bytes.', type: 'gauge', value: mem.external },
      { name: `${prefix}nodejs_eventloop_lag_p99_seconds`, help: 'The 99th percentile of the recorded event loop delays.', type: 'gauge', value: loop.percentile(99) / 1e9 },
      { name: `${prefix}nodejs_eventloop_lag_max_seconds`, help: 'The maximum recorded event loop delay.', type: 'gauge', value: loop.max / 1e9 },
    ];
    loop.reset();
    const fds = openFds();
    if (fds !== undefined) samples.push({ name: `${prefix}process_open_fds`, help: 'Number of open file descriptors.', type: 'gauge', value: fds });
    return samples;
  });
  return { metric, stop: () => loop.disable() };
}

/** Linux only (/proc); elsewhere the series is left out. */
function openFds(): number | undefined {
  try { return readdirSync('/proc/self/fd').length - 1; } catch { return undefined; }
}
