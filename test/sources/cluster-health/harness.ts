import { FakeKubeApi } from '../../fake-kube-api/server.ts';
import { writeKubeconfig } from '../../fake-kube-api/kubeconfig.ts';
import { startLoopback, type Loopback } from '../../platforms/loopback.ts';
import { PATHS, RECEIVERS } from '../../platforms/receivers.ts';
import { eventually, startTestHerald, type TestHerald } from '../../support/herald.ts';
import { tempDir } from '../../support/temp-dir.ts';

/**
 * The whole path for cluster health: the fake API server → Herald (its
 * `health` section) → loopback receivers speaking custom JSON and Slack.
 */

export interface HealthRig {
  api: FakeKubeApi;
  herald: TestHerald;
  custom: Loopback;
  slack: Loopback;
  kubeconfig: string;
  /** The custom receiver's payloads, in arrival order. */
  payloads(): any[];
  /** Slack request bodies (the summary is in their blocks). */
  slackTexts(): string[];
  /** Waits until the custom receiver holds `n` payloads and returns them. */
  received(n: number): Promise<any[]>;
  close(): Promise<void>;
}

export async function startRig(opts: {
  api?: FakeKubeApi; health?: Record<string, unknown>; dataDir?: string; filters?: Record<string, unknown>;
} = {}): Promise<HealthRig> {
  const api = opts.api ?? await FakeKubeApi.start();
  const kubeconfig = writeKubeconfig(tempDir('herald-health'), [{ name: 'kind-dev', server: api.url }]);
  const herald = await startTestHerald({
    ...(opts.dataDir === undefined ? {} : { dataDir: opts.dataDir }),
    health: { clusters: [{ name: 'dev', kubeconfig }], ...opts.health },
  });
  const custom = await startLoopback(RECEIVERS.custom!);
  const slack = await startLoopback(RECEIVERS.slack!);
  const rig: HealthRig = {
    api, herald, custom, slack, kubeconfig,
    payloads: () => custom.seen.map((r) => JSON.parse(r.body)),
    slackTexts: () => slack.seen.map((r) => r.body),
    received: (n) => eventually(() => (custom.seen.length >= n ? rig.payloads() : undefined)),
    async close() {
      await rig.herald.close(); // the Herald of now: a test may have restarted it
      await custom.close();
      await slack.close();
      await api.close();
    },
  };
  return rig;
}

/** Webhooks to both receivers; the custom one with `filters` when given. */
export async function addWebhooks(rig: HealthRig, filters?: Record<string, unknown>): Promise<void> {
  for (const body of [
    { name: 'ops-json', platform: 'custom', url: `${rig.custom.base}${PATHS.custom}`, ...(filters === undefined ? {} : { filters }) },
    // One message per event, at once: these tests count what each webhook heard (grouping and pacing are tested elsewhere).
    { name: 'ops-slack', platform: 'slack', url: `${rig.slack.base}${PATHS.slack}`, grouping: { enabled: false }, ratePerMinute: 6000 },
  ]) {
    const res = await rig.herald.api('/api/v1/webhooks', { body });
    if (res.status !== 201) throw new Error(`webhook not created: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** Waits until the watches of the cluster have listed once (the fake API server saw a watch request for each). */
export async function watching(api: FakeKubeApi, paths: readonly string[] = ['/events?', '/pods?', '/nodes?']): Promise<void> {
  await eventually(() => (paths.every((p) => api.requests.some((r) => r.includes(p) && r.includes('watch=1'))) ? true : undefined));
}

/** Settles in-flight work: a marker event through the same path proves everything before it has been handled. */
export const brief = (p: any) => `${p.event} ${p.resource}/${p.namespace}/${p.name} ${p.reason ?? ''}`.trim();
