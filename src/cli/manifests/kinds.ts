import { HeraldError } from '../../core/errors.ts';
import { builtinByKind, kindForResource } from '../../sources/kubernetes/resources.ts';

/** A custom resource as herald.yaml's watch.kinds takes it. */
export interface CustomKind { group: string; version: string; kind: string; plural: string }

/** One watched kind: what RBAC and the admission rules grant (group/resource) and what herald.yaml lists. */
export interface ManifestKind {
  group: string;
  resource: string;
  scalable: boolean;
  watch: string | CustomKind;
}

export const DEFAULT_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Service', 'ConfigMap', 'Ingress'];

/**
 * `--kinds` entries: a built-in Kind (Deployment) or a custom resource as
 * plural.group/version (widgets.example.com/v1), the version being what the
 * watch lists. Secrets are refused: granting list/watch on them would hand
 * every Secret value in the cluster to Herald.
 */
export function resolveKind(spec: string): ManifestKind {
  const known = builtinByKind(spec);
  if (known !== undefined) {
    if (known.kind === 'Secret' && known.group === '') {
      throw new HeraldError('CONFIG_INVALID', 'Secrets cannot be watched: list/watch on Secrets would give Herald every Secret value in the cluster; the audit webhook records who changed them', 'kinds');
    }
    return { group: known.group, resource: known.resource, scalable: known.scalable, watch: known.kind };
  }
  const m = /^([a-z0-9-]+)\.([a-z0-9.-]+)\/([a-z0-9]+)$/.exec(spec);
  if (m !== null) {
    const [, plural, group, version] = m as unknown as [string, string, string, string];
    return { group, resource: plural, scalable: false, watch: { group, version, kind: kindForResource(plural, group), plural } };
  }
  throw new HeraldError('CONFIG_INVALID', `unknown kind "${spec}"; name custom resources as plural.group/version, e.g. widgets.example.com/v1`, 'kinds');
}

/** Resources grouped by API group, in first-seen order (the order RBAC rules and admission rules list them). */
export function byGroup(kinds: readonly ManifestKind[], names: (k: ManifestKind) => string[]): Array<{ group: string; resources: string[] }> {
  const groups = new Map<string, string[]>();
  for (const k of kinds) groups.set(k.group, [...(groups.get(k.group) ?? []), ...names(k)]);
  return [...groups].map(([group, resources]) => ({ group, resources }));
}
