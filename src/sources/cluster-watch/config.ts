import { z } from 'zod';
import { HeraldError } from '../../core/errors.ts';
import { builtinByKind } from '../kubernetes/resources.ts';

/**
 * What the cluster watch is told: which clusters (each one a kubeconfig
 * context or the in-cluster service account) and which kinds to watch there.
 * The cluster's `name` is the `cluster` of every event it produces.
 */

export const ClusterSchema = z.object({
  name: z.string().min(1).max(100).regex(/^[^:/]+$/, 'no ":" or "/" (it is part of state keys)'),
  kubeconfig: z.string().optional().describe('Path to a kubeconfig file'),
  context: z.string().optional().describe('Context in the kubeconfig; its current context by default'),
  inCluster: z.boolean().default(false).describe('Use the pod service account instead of a kubeconfig'),
}).refine((c) => c.inCluster || c.kubeconfig !== undefined, { message: 'give kubeconfig or inCluster: true' });

export const CustomKindSchema = z.object({
  group: z.string().describe('API group, "" for the core group'),
  version: z.string().min(1),
  kind: z.string().min(1),
  plural: z.string().min(1).describe('Resource name in the URL, e.g. certificates'),
  namespaced: z.boolean().default(true),
});

export const ClusterWatchConfigSchema = z.object({
  clusters: z.array(ClusterSchema).min(1),
  kinds: z.array(z.union([z.string().min(1), CustomKindSchema])).min(1)
    .describe('Built-in kind names (Deployment, Pod…) or {group, version, kind, plural} for custom resources'),
  namespaces: z.array(z.string().min(1)).optional().describe('Only these namespaces; all by default'),
  ignoreFields: z.array(z.string()).optional()
    .describe('Field patterns that never make an event; replaces the default list (status, resourceVersion…)'),
});
export type ClusterWatchConfig = z.infer<typeof ClusterWatchConfigSchema>;
export type ClusterWatchConfigInput = z.input<typeof ClusterWatchConfigSchema>;
export type ClusterConfig = z.infer<typeof ClusterSchema>;

/** Everything a watcher needs to build URLs for one kind. */
export interface KindSpec {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

/** Resolves configured kinds; an unknown name is a config error, not a silent no-op. */
export function resolveKinds(kinds: ClusterWatchConfig['kinds']): KindSpec[] {
  return kinds.map((k) => {
    if (typeof k !== 'string') return { ...k };
    const found = builtinByKind(k);
    if (found === undefined) {
      throw new HeraldError('CONFIG_INVALID', `watch.kinds: unknown kind "${k}"; give {group, version, kind, plural} for a custom resource`, 'watch.kinds');
    }
    return { group: found.group, version: found.version, kind: found.kind, plural: found.resource, namespaced: found.namespaced };
  });
}

/** The collection URL path of a kind, all namespaces or one. */
export function collectionPath(spec: KindSpec, namespace?: string): string {
  const base = spec.group === '' ? `/api/${spec.version}` : `/apis/${spec.group}/${spec.version}`;
  const ns = spec.namespaced && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${spec.plural}`;
}
