import { z } from 'zod';
import { HeraldError } from '../../core/errors.ts';
import { builtinByKind } from '../kubernetes/resources.ts';

/**
 * What the cluster watch is told: which clusters (each one a kubeconfig
 * context or the in-cluster service account) and which kinds to watch there.
 * The cluster's `name` is the `cluster` of every event it produces.
 */

export const ClusterSchema = z.strictObject({
  name: z.string().min(1).max(100).regex(/^[^:/]+$/, 'no ":" or "/" (it is part of state keys)'),
  kubeconfig: z.string().optional().describe('Path to a kubeconfig file'),
  context: z.string().optional().describe('Context in the kubeconfig; its current context by default'),
  inCluster: z.boolean().default(false).describe('Use the pod service account instead of a kubeconfig'),
}).refine((c) => c.inCluster || c.kubeconfig !== undefined, { message: 'give kubeconfig or inCluster: true' });

export const CustomKindSchema = z.strictObject({
  group: z.string().describe('API group, "" for the core group'),
  version: z.string().min(1),
  kind: z.string().min(1),
  plural: z.string().min(1).describe('Resource name in the URL, e.g. certificates'),
  namespaced: z.boolean().default(true),
});

export const LeaderElectionSchema = z.strictObject({
  leaseDurationMs: z.number().int().min(1000).max(600_000).default(10_000)
    .describe('How long a lease lasts unrenewed: a dead leader is replaced within about this long'),
  renewIntervalMs: z.number().int().min(100).max(300_000).default(3_000)
    .describe('How often the leader renews and a standby tries to take over'),
}).refine((l) => l.renewIntervalMs * 2 <= l.leaseDurationMs, {
  message: 'renewIntervalMs must be at most half of leaseDurationMs, or one slow renewal loses the lease',
  path: ['renewIntervalMs'],
});
export type LeaderElectionConfig = z.infer<typeof LeaderElectionSchema>;

export const ClusterWatchConfigSchema = z.strictObject({
  clusters: z.array(ClusterSchema).min(1),
  kinds: z.array(z.union([z.string().min(1), CustomKindSchema])).min(1)
    .describe('Built-in kind names (Deployment, Pod…) or {group, version, kind, plural} for custom resources'),
  namespaces: z.array(z.string().min(1)).optional().describe('Only these namespaces; all by default'),
  ignoreFields: z.array(z.string()).optional()
    .describe('Field patterns that never make an event; replaces the default list (status, resourceVersion…)'),
  announceExisting: z.boolean().default(false)
    .describe('Announce every existing object as a create on the first sync of a cluster/kind with no stored state (default: record them silently as the baseline)'),
  leaderElection: LeaderElectionSchema.prefault({})
    .describe('With a shared store (PostgreSQL), how replicas elect the one that watches each cluster'),
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

/** Resolves configured kinds; an unknown name or a kind listed twice is a config error, not a silent no-op. */
export function resolveKinds(kinds: ClusterWatchConfig['kinds']): KindSpec[] {
  const seen = new Set<string>();
  return kinds.map((k) => {
    const spec = typeof k === 'string' ? builtinSpec(k) : { ...k };
    // Events and persisted state would carry every value of every Secret to webhooks and the store.
    if (spec.group === '' && spec.kind === 'Secret') {
      throw new HeraldError('CONFIG_INVALID', 'watch.kinds: Secrets are not watched (their values would be copied into events and state); the audit webhook records who changed them', 'watch.kinds');
    }
    const id = kindId(spec);
    if (seen.has(id)) throw new HeraldError('CONFIG_INVALID', `watch.kinds: "${id}" is listed twice`, 'watch.kinds');
    seen.add(id);
    return spec;
  });
}

function builtinSpec(name: string): KindSpec {
  const found = builtinByKind(name);
  if (found === undefined) {
    throw new HeraldError('CONFIG_INVALID', `watch.kinds: unknown kind "${name}"; give {group, version, kind, plural} for a custom resource`, 'watch.kinds');
  }
  return { group: found.group, version: found.version, kind: found.kind, plural: found.resource, namespaced: found.namespaced };
}

/** True when the spec names a built-in resource (a custom resource may reuse a built-in Kind, e.g. Knative's Service). */
export function isBuiltin(spec: Pick<KindSpec, 'group' | 'kind'>): boolean {
  const found = builtinByKind(spec.kind);
  return found !== undefined && found.kind === spec.kind && found.group === spec.group;
}

/**
 * What identifies a kind's objects in state keys: the Kind for built-ins (their
 * Kinds are unique), `Kind.group` for custom resources, so two kinds sharing a
 * Kind name never share state. The version is left out on purpose: it is a
 * representation of the same objects, and a CRD moving v1beta1 → v1 keeps them.
 */
export function kindId(spec: Pick<KindSpec, 'group' | 'kind'>): string {
  return isBuiltin(spec) || spec.group === '' ? spec.kind : `${spec.kind}.${spec.group}`;
}

/** The collection URL path of a kind, all namespaces or one. */
export function collectionPath(spec: KindSpec, namespace?: string): string {
  const base = spec.group === '' ? `/api/${spec.version}` : `/apis/${spec.group}/${spec.version}`;
  const ns = spec.namespaced && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${spec.plural}`;
}
