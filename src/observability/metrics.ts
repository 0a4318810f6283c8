import type { AttemptInfo } from '../delivery/dispatcher.ts';
import { buildInfo } from './build-info.ts';
import { processMetrics } from './process-metrics.ts';
import { Counter, Gauge, Histogram, type Metric } from './prometheus-text.ts';

/** Prometheus metrics for one Herald process (each instance its own series, so tests stay independent). */
export class HeraldMetrics {
  readonly #attempts = new Counter('herald_delivery_attempts_total', 'Delivery attempts by outcome');
  readonly #duration = new Histogram('herald_delivery_duration_seconds', 'Time to send one delivery attempt',
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]);
  readonly #events = new Counter('herald_events_recorded_total', 'Events recorded, by source');
  readonly #leader = new Gauge('herald_cluster_watch_leader', '1 while this replica watches the cluster (holds its lease), 0 while it stands by');
  readonly #all: readonly Metric[];
  readonly #stopProcessMetrics: () => void;

  constructor() {
    // The Prometheus convention: a constant 1 whose labels say what is running.
    const build = new Gauge('herald_build_info', 'Herald version and commit (always 1)');
    const { version, commit } = buildInfo();
    build.set({ version, commit }, 1);
    const proc = processMetrics('herald_');
    this.#stopProcessMetrics = proc.stop;
    this.#all = [this.#attempts, this.#duration, this.#events, this.#leader, build, proc.metric];
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

  /** Stops sampling the event loop (on stop). */
  close(): void {
    this.#stopProcessMetrics();
  }

  text(): Promise<string> {
    return Promise.resolve(this.#all.map((m) => m.text()).join('\n'));
  }
}
