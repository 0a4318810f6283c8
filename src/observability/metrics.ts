import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AttemptInfo } from '../delivery/dispatcher.ts';
import { buildInfo } from './build-info.ts';

/** Prometheus metrics for one Herald process (a registry per process keeps tests independent). */
export class HeraldMetrics {
  readonly registry = new Registry();
  readonly #attempts = new Counter({
    name: 'herald_delivery_attempts_total', help: 'Delivery attempts by outcome',
    labelNames: ['outcome'] as const, registers: [this.registry],
  });
  readonly #duration = new Histogram({
    name: 'herald_delivery_duration_seconds', help: 'Time to send one delivery attempt',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60], registers: [this.registry],
  });
  readonly #events = new Counter({
    name: 'herald_events_recorded_total', help: 'Events recorded, by source',
    labelNames: ['source'] as const, registers: [this.registry],
  });

  readonly #leader = new Gauge({
    name: 'herald_cluster_watch_leader', help: '1 while this replica watches the cluster (holds its lease), 0 while it stands by',
    labelNames: ['cluster'] as const, registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'herald_' });
    // The Prometheus convention: a constant 1 whose labels say what is running.
    const { version, commit } = buildInfo();
    new Gauge({
      name: 'herald_build_info', help: 'Herald version and commit (always 1)',
      labelNames: ['version', 'commit'] as const, registers: [this.registry],
    }).set({ version, commit }, 1);
  }

  attempt(info: AttemptInfo): void {
    this.#attempts.inc({ outcome: info.decision.kind });
    this.#duration.observe(info.attempt.durationMs / 1000);
  }

  event(source: string): void {
    this.#events.inc({ source });
  }

  leader(cluster: string, leading: boolean): void {
    this.#leader.set({ cluster }, leading ? 1 : 0);
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
