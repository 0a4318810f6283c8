/**
 * Counters, gauges and histograms written in the Prometheus text exposition
 * format (version 0.0.4): all /metrics needs, without a metrics library.
 * prom-client cost ~80 modules and ~3 MiB of idle RSS (its default metrics
 * load OpenTelemetry) for the handful of series Herald exports
 * (docs/benchmarks.md, "Memory").
 */
export type Labels = Record<string, string>;

export interface Metric {
  /** The metric's lines: # HELP, # TYPE, then one line per series (each ending in a newline). */
  text(): string;
}

/** A label value as the format quotes it: backslash, double quote and newline escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labelText(labels: Labels): string {
  const pairs = Object.entries(labels);
  return pairs.length === 0 ? '' : `{${pairs.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}}`;
}

function header(name: string, help: string, type: string): string {
  return `# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n# TYPE ${name} ${type}\n`;
}

/**
 * A label set's identity without escaping anything: each name and value
 * behind its length, so no two sets share a key. Counting by it, the escaped
 * label text is written once per series, not per increment: labelText's
 * entries, three regex replaces and a join cost 0.8 µs per `inc`, and each
 * event and each delivery attempt counts once.
 */
function seriesKey(labels: Labels): string {
  let key = '';
  for (const name of Object.keys(labels)) {
    const value = labels[name]!;
    key += `${name.length}:${name}${value.length}:${value}`;
  }
  return key;
}

/** Series keyed by their label set, in the order first seen. */
class LabelledValues implements Metric {
  readonly #series = new Map<string, { labels: string; value: number }>();
  readonly #name: string;
  readonly #header: string;

  constructor(name: string, help: string, type: 'counter' | 'gauge') {
    this.#name = name;
    this.#header = header(name, help, type);
  }

  #entry(labels: Labels): { labels: string; value: number } {
    const key = seriesKey(labels);
    let entry = this.#series.get(key);
    if (entry === undefined) {
      entry = { labels: labelText(labels), value: 0 };
      this.#series.set(key, entry);
    }
    return entry;
  }

  protected add(labels: Labels, by: number): void {
    this.#entry(labels).value += by;
  }

  protected put(labels: Labels, value: number): void {
    this.#entry(labels).value = value;
  }

  text(): string {
    let out = this.#header;
    for (const { labels, value } of this.#series.values()) out += `${this.#name}${labels} ${value}\n`;
    return out;
  }
}

export class Counter extends LabelledValues {
  constructor(name: string, help: string) { super(name, help, 'counter'); }
  inc(labels: Labels = {}, by = 1): void { this.add(labels, by); }
}

export class Gauge extends LabelledValues {
  constructor(name: string, help: string) { super(name, help, 'gauge'); }
  set(labels: Labels, value: number): void { this.put(labels, value); }
}

/** A histogram without labels: cumulative buckets by upper bound, then +Inf, the sum and the count. */
export class Histogram implements Metric {
  readonly #name: string;
  readonly #header: string;
  readonly #bounds: readonly number[];
  readonly #counts: number[];
  #sum = 0;
  #count = 0;

  constructor(name: string, help: string, bounds: readonly number[]) {
    this.#name = name;
    this.#header = header(name, help, 'histogram');
    this.#bounds = [...bounds].sort((a, b) => a - b);
    this.#counts = this.#bounds.map(() => 0);
  }

  observe(value: number): void {
    const i = this.#bounds.findIndex((b) => value <= b);
    if (i >= 0) this.#counts[i]!++;
    this.#sum += value;
    this.#count++;
  }

  text(): string {
    let out = this.#header;
    let cumulative = 0;
    this.#bounds.forEach((bound, i) => {
      cumulative += this.#counts[i]!;
      out += `${this.#name}_bucket{le="${bound}"} ${cumulative}\n`;
    });
    return `${out}${this.#name}_bucket{le="+Inf"} ${this.#count}\n${this.#name}_sum ${this.#sum}\n${this.#name}_count ${this.#count}\n`;
  }
}

export interface Sample { name: string; help: string; type: 'gauge' | 'counter'; value: number }

/** Values read when scraped (memory, CPU, open files), one series each. */
export class Sampled implements Metric {
  readonly #read: () => readonly Sample[];
  constructor(read: () => readonly Sample[]) { this.#read = read; }
  text(): string {
    return this.#read().map((m) => `${header(m.name, m.help, m.type)}${m.name} ${m.value}\n`).join('');
  }
}
