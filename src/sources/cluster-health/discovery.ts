import type { KindSpec } from '../cluster-watch/config.ts';
import { KubeHttpError, type KubeClient } from '../cluster-watch/kube-client.ts';
import type { SourceLogger } from '../source.ts';

/**
 * Which Events API to watch. events.k8s.io/v1 (served since Kubernetes 1.19)
 * carries `series` for repeats; where discovery says the group is not served,
 * core v1 Events are the same objects in the older shape.
 * https://kubernetes.io/docs/reference/using-api/api-concepts/#discovery
 */
export const EVENTS_V1: KindSpec = { group: 'events.k8s.io', version: 'v1', kind: 'Event', plural: 'events', namespaced: true };
export const CORE_EVENTS: KindSpec = { group: '', version: 'v1', kind: 'Event', plural: 'events', namespaced: true };

const DISCOVERY_TIMEOUT_MS = 10_000;

export async function eventsApi(client: KubeClient, logger: SourceLogger, cluster: string): Promise<KindSpec> {
  try {
    const list = await client.getJson('/apis/events.k8s.io/v1', {}, AbortSignal.timeout(DISCOVERY_TIMEOUT_MS)) as
      { resources?: Array<{ name?: string; verbs?: string[] }> };
    const events = list.resources?.find((r) => r.name === 'events');
    if (events !== undefined && (events.verbs === undefined || (events.verbs.includes('list') && events.verbs.includes('watch')))) return EVENTS_V1;
    logger.info?.({ cluster }, 'events.k8s.io/v1 serves no watchable events: watching core v1 Events');
    return CORE_EVENTS;
  } catch (err) {
    if (err instanceof KubeHttpError && err.status === 404) {
      logger.info?.({ cluster }, 'events.k8s.io/v1 is not served: watching core v1 Events');
      return CORE_EVENTS;
    }
    // Unreachable now: assume the group every supported Kubernetes serves; the watch retries its list until the cluster answers.
    logger.warn({ cluster, err: String(err) }, 'API discovery failed; watching events.k8s.io/v1 Events');
    return EVENTS_V1;
  }
}
