import { normalizeEvent, type EventInput, type HeraldEvent } from '../../src/core/event.ts';
import type { RenderTarget } from '../../src/platforms/platform.ts';

/** The fixed events and clock every platform is rendered with. */

export const NOW = new Date('2025-03-04T05:06:07.089Z');
export const SECRET = 'SECtest-secret-0123456789';

export function target(url: string, template: string | null = null, secret: string | null = SECRET): RenderTarget {
  return { url, secret, template };
}

function event(id: string, input: EventInput): HeraldEvent {
  return normalizeEvent({ timestamp: '2025-03-04T05:06:00.000Z', cluster: 'prod-eu', ...input }, id, NOW);
}

const HUGE = 50_000;

export const CASES: Record<string, HeraldEvent> = {
  create: event('evt_create', {
    event: 'create', namespace: 'default', resource: 'Deployment', name: 'web', actor: 'alice@example.com', source: 'admission',
  }),
  update: event('evt_update', {
    event: 'update', namespace: 'default', resource: 'Deployment', name: 'web', actor: 'system:serviceaccount:ci:deployer', source: 'audit',
    detail: { field: 'spec.template.spec.containers[0].image', old: 'nginx:1.25', new: 'nginx:1.27' },
    changes: [
      { field: 'spec.template.spec.containers[0].image', old: 'nginx:1.25', new: 'nginx:1.27' },
      { field: 'metadata.labels.version', old: 'v1', new: 'v2' },
      { field: 'spec.template.metadata.annotations', old: { a: '1' }, new: { a: '2', b: '<b>&' } },
    ],
  }),
  delete: event('evt_delete', {
    event: 'delete', namespace: 'team-a', resource: 'Secret', name: 'db-password', actor: 'bob', source: 'watch',
  }),
  scale: event('evt_scale', {
    event: 'scale', namespace: 'default', resource: 'Deployment', name: 'web', actor: 'hpa', source: 'admission',
    detail: { field: 'spec.replicas', old: 3, new: 5 },
  }),
  alert: event('evt_alert', {
    event: 'alert', namespace: 'default', resource: 'Pod', name: 'api-7d9', source: 'alertmanager',
    summary: 'Pod default/api-7d9 is restarting 3 times / 5 minutes',
    labels: { alertname: 'KubePodCrashLooping', severity: 'critical', namespace: 'default', pod: 'api-7d9' },
  }),
  // The same Pod as `alert`: paging platforms close what the alert opened.
  resolved: event('evt_resolved', {
    event: 'resolved', namespace: 'default', resource: 'Pod', name: 'api-7d9', source: 'alertmanager',
    summary: 'Pod default/api-7d9 is no longer restarting',
    labels: { alertname: 'KubePodCrashLooping', severity: 'critical', namespace: 'default', pod: 'api-7d9' },
  }),
  test: event('evt_test', { event: 'test', summary: 'Test message from Herald', source: 'api' }),
  alertmanager: event('evt_am_firing', {
    event: 'alert', cluster: 'prod-eu', namespace: 'shop', resource: 'Alert', name: 'HighLatency checkout', actor: 'alertmanager',
    source: 'alertmanager', summary: 'p99 latency of checkout is 2.3 s',
    labels: { alertname: 'HighLatency', severity: 'warning', namespace: 'shop', service: 'checkout' },
    data: { status: 'firing', annotations: { runbook_url: 'https://runbooks.example.com/high-latency' }, generatorURL: 'https://prometheus.example.com/graph?g0.expr=latency' },
  }),
  'alertmanager-resolved': event('evt_am_resolved', {
    event: 'resolved', cluster: 'prod-eu', namespace: 'shop', resource: 'Alert', name: 'HighLatency checkout', actor: 'alertmanager',
    source: 'alertmanager', summary: 'p99 latency of checkout is 2.3 s',
    labels: { alertname: 'HighLatency', severity: 'warning', namespace: 'shop', service: 'checkout' },
    data: { status: 'resolved', annotations: {}, generatorURL: 'https://prometheus.example.com/graph?g0.expr=latency' },
  }),
  warning: event('evt_warning', {
    event: 'warning', cluster: 'prod', namespace: 'prod', resource: 'Pod', name: 'api-7d9', source: 'cluster-health',
    summary: 'Pod api-7d9 in prod is CrashLoopBackOff (restarted 5 times)', data: { reason: 'CrashLoopBackOff', count: 5 },
  }),
  huge: event('evt_huge', {
    event: 'update', namespace: 'n'.repeat(253), resource: 'ConfigMap', name: 'm'.repeat(253), actor: 'a'.repeat(512), source: 'audit',
    summary: 's'.repeat(4000),
    // Multi-byte and astral characters, so byte limits and surrogate pairs are exercised too.
    detail: { field: 'data.big', old: 'x'.repeat(HUGE), new: '界😀'.repeat(HUGE / 3) },
    changes: Array.from({ length: 200 }, (_, i) => ({ field: `data.k${i}`, old: '<&>'.repeat(400), new: '"\\'.repeat(400) })),
    labels: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`label-${i}`, 'v'.repeat(63)])),
  }),
};

/** Renders every value of the huge event, so only the platform's own cutting keeps it within limits. */
export const HUGE_TEMPLATE = '{{changes}} {{detail.new}} {{detail.old}} {{summary}} {{labels}}';

/** The update event with a template: its rendering must appear where the platform puts its main text. */
export const TEMPLATE = 'TPL {{event}} {{resource}} {{namespace}}/{{name}} by {{actor}}: {{detail.field}} {{detail.old}} → {{detail.new}}{{missing.path}}';
export const TEMPLATE_TEXT = 'TPL update Deployment default/web by system:serviceaccount:ci:deployer: spec.template.spec.containers[0].image nginx:1.25 → nginx:1.27';

/** A burst of a rollout, as grouping sends it: 25 events, so some are counted rather than listed. */
const BURST = Array.from({ length: 25 }, (_, i) => event(`evt_burst_${String(i).padStart(2, '0')}`, i % 5 === 0
  ? { event: 'scale', namespace: 'prod-shop', resource: 'Deployment', name: `svc-${i}`, actor: 'jane@example.com', source: 'audit', detail: { field: 'spec.replicas', old: 3, new: 5 } }
  : { event: 'update', namespace: 'prod-shop', resource: 'Deployment', name: `svc-${i}`, actor: 'jane@example.com', source: 'audit',
    detail: { field: 'spec.template.spec.containers[0].image', old: 'shop:1.4', new: 'shop:1.5' } }));
CASES.group = BURST[0]!;
/** Two alerts of one rule, as Alertmanager groups them. */
const FIRING = [CASES.alertmanager!, { ...CASES.alertmanager!, id: 'evt_am_firing_2', name: 'HighLatency cart', labels: { ...CASES.alertmanager!.labels, service: 'cart' } }];
CASES['alert-group'] = FIRING[0]!;

/** What a case is rendered with besides its event: the group it stands for, the console's address. */
export const CONTEXTS: Record<string, Partial<RenderTarget>> = {
  group: { group: BURST, consoleUrl: 'https://herald.example.com' },
  'alert-group': { group: FIRING },
  alertmanager: { consoleUrl: 'https://herald.example.com/' },
};
