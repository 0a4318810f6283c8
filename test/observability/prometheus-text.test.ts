import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HeraldMetrics } from '../../src/observability/metrics.ts';
import { Counter, Gauge, Histogram } from '../../src/observability/prometheus-text.ts';

/** The text exposition format (0.0.4) /metrics writes, as Prometheus parses it. */
describe('Prometheus text exposition', () => {
  it('writes a counter per label set, with HELP and TYPE, quoting label values', () => {
    const c = new Counter('x_total', 'Things\ncounted');
    c.inc({ outcome: 'ok' });
    c.inc({ outcome: 'ok' }, 2);
    c.inc({ outcome: 'say "hi"\\now\n' });
    assert.equal(c.text(), '# HELP x_total Things\\ncounted\n# TYPE x_total counter\n'
      + 'x_total{outcome="ok"} 3\nx_total{outcome="say \\"hi\\"\\\\now\\n"} 1\n');
  });

  it('keeps label sets apart that a plain join of names and values would blur', () => {
    const c = new Counter('y_total', 'Things');
    c.inc({ a: '1', b: '2' });
    c.inc({ a: '1b2' });
    c.inc({ a: '1', b: '2' });
    c.inc({ ab: '12' });
    assert.equal(c.text(), '# HELP y_total Things\n# TYPE y_total counter\n'
      + 'y_total{a="1",b="2"} 2\ny_total{a="1b2"} 1\ny_total{ab="12"} 1\n');
  });

  it('writes only HELP and TYPE for a labelled metric with no series yet, and a gauge keeps the last value', () => {
    const g = new Gauge('leader', 'Leading');
    assert.equal(g.text(), '# HELP leader Leading\n# TYPE leader gauge\n');
    g.set({ cluster: 'a' }, 1);
    g.set({ cluster: 'a' }, 0);
    assert.equal(g.text(), '# HELP leader Leading\n# TYPE leader gauge\nleader{cluster="a"} 0\n');
  });

  it('writes a histogram with cumulative buckets, +Inf, sum and count', () => {
    const h = new Histogram('d_seconds', 'Durations', [1, 0.1]);
    for (const v of [0.05, 0.1, 0.5, 3]) h.observe(v);
    assert.equal(h.text(), '# HELP d_seconds Durations\n# TYPE d_seconds histogram\n'
      + 'd_seconds_bucket{le="0.1"} 2\nd_seconds_bucket{le="1"} 3\nd_seconds_bucket{le="+Inf"} 4\n'
      + 'd_seconds_sum 3.65\nd_seconds_count 4\n');
  });

  it('HeraldMetrics reports the process: CPU, resident memory, heap, event loop delay, start time, open files', async () => {
    const metrics = new HeraldMetrics();
    try {
      const text = await metrics.text();
      const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
      assert.ok(value('herald_process_resident_memory_bytes') > 10 * 1024 * 1024);
      assert.ok(value('herald_process_cpu_seconds_total') > 0);
      assert.ok(value('herald_nodejs_heap_size_used_bytes') > 0);
      assert.ok(value('herald_nodejs_eventloop_lag_max_seconds') >= 0);
      assert.ok(Math.abs(value('herald_process_start_time_seconds') - (Date.now() / 1000 - process.uptime())) < 2);
      assert.ok(value('herald_process_open_fds') > 0);
      assert.match(text, /^# TYPE herald_process_cpu_seconds_total counter$/m);
    } finally {
      metrics.close();
    }
  });
});
