/**
 * What the cluster watch last announced about an object (its compact copy,
 * see core/kube-diff.ts), for the admission and audit webhooks: a `/scale`
 * write carries only a Scale, and an audit record no old object, so the
 * parent's labels and old state come from here when the watch holds them.
 * Undefined when the kind is not watched or the object not (yet) seen.
 */
export type KnownObject = (cluster: string, kind: string, namespace: string, name: string) => unknown;

/** The same question within the one cluster a webhook reports for: (Kind, namespace, name). */
export type KnownInCluster = (kind: string, namespace: string, name: string) => unknown;

export function knownIn(known: KnownObject | undefined, cluster: string): KnownInCluster {
  return known === undefined ? () => undefined : (kind, namespace, name) => known(cluster, kind, namespace, name);
}
