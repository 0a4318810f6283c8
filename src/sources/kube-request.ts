import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import type { z } from 'zod';
import { HeraldError } from '../core/errors.ts';
import type { FieldChange } from '../core/event.ts';
import type { Ingest } from '../ingest/ingestor.ts';
import type { Store } from '../store/store.ts';

/**
 * What the admission and audit webhooks share: naming a Kubernetes object from
 * a request (plural resource → Kind), and the one rule that keeps a change from
 * being announced twice — if the cluster watch already watches the kind, only
 * leave an actor hint for it; otherwise record the event here.
 */

/** Where the API server mounts the three apps; `herald manifests` points the cluster at the same paths. */
export const K8S_WEBHOOK_PATHS = { admission: '/k8s/admission', audit: '/k8s/audit', authorize: '/k8s/authorize' } as const;

/** Answers whether the cluster watch (src/sources/kube/) emits events for this Kind, e.g. "Deployment". */
export type IsWatched = (cluster: string, kind: string) => boolean;

/** The structural subset of pino the webhooks log through. */
export interface SourceLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const consoleLogger: SourceLogger = {
  warn: (obj, msg) => console.warn(msg, obj),
  error: (obj, msg) => console.error(msg, obj),
};

export interface BuiltinResource { kind: string; resource: string; group: string; scalable: boolean }

/**
 * Built-in resources. Audit events and authorization reviews name only the
 * plural resource, while events and filters speak Kinds; custom resources fall
 * back to a guess from the plural (see kindForResource).
 */
export const BUILTIN_RESOURCES: readonly BuiltinResource[] = [
  ['Pod', 'pods', ''], ['Service', 'services', ''], ['ConfigMap', 'configmaps', ''], ['Secret', 'secrets', ''],
  ['Namespace', 'namespaces', ''], ['Node', 'nodes', ''], ['ServiceAccount', 'serviceaccounts', ''],
  ['PersistentVolumeClaim', 'persistentvolumeclaims', ''], ['PersistentVolume', 'persistentvolumes', ''],
  ['ReplicationController', 'replicationcontrollers', '', true], ['Endpoints', 'endpoints', ''],
  ['LimitRange', 'limitranges', ''], ['ResourceQuota', 'resourcequotas', ''],
  ['Deployment', 'deployments', 'apps', true], ['StatefulSet', 'statefulsets', 'apps', true],
  ['ReplicaSet', 'replicasets', 'apps', true], ['DaemonSet', 'daemonsets', 'apps'],
  ['Job', 'jobs', 'batch'], ['CronJob', 'cronjobs', 'batch'],
  ['HorizontalPodAutoscaler', 'horizontalpodautoscalers', 'autoscaling'],
  ['Ingress', 'ingresses', 'networking.k8s.io'], ['IngressClass', 'ingressclasses', 'networking.k8s.io'],
  ['NetworkPolicy', 'networkpolicies', 'networking.k8s.io'], ['PodDisruptionBudget', 'poddisruptionbudgets', 'policy'],
  ['Role', 'roles', 'rbac.authorization.k8s.io'], ['RoleBinding', 'rolebindings', 'rbac.authorization.k8s.io'],
  ['ClusterRole', 'clusterroles', 'rbac.authorization.k8s.io'],
  ['ClusterRoleBinding', 'clusterrolebindings', 'rbac.authorization.k8s.io'],
  ['StorageClass', 'storageclasses', 'storage.k8s.io'],
  ['CustomResourceDefinition', 'customresourcedefinitions', 'apiextensions.k8s.io'],
].map(([kind, resource, group, scalable]) => ({
  kind: kind as string, resource: resource as string, group: group as string, scalable: scalable === true,
}));

const byResource = new Map(BUILTIN_RESOURCES.map((r) => [`${r.group}/${r.resource}`, r]));

/** The Kind for a plural resource; unknown (custom) resources get a singular, capitalised guess. */
export function kindForResource(resource: string, group = ''): string {
  // Name-only fallback: older audit events carry no apiGroup.
  const known = byResource.get(`${group}/${resource}`) ?? BUILTIN_RESOURCES.find((r) => r.resource === resource);
  if (known !== undefined) return known.kind;
  const singular = resource.endsWith('ies') ? `${resource.slice(0, -3)}y`
    : /(ses|xes|ches|shes)$/.test(resource) ? resource.slice(0, -2)
      : resource.endsWith('s') ? resource.slice(0, -1) : resource;
  return singular.charAt(0).toUpperCase() + singular.slice(1);
}

/** Source-state scope the cluster watch reads actor hints from. */
export const ACTOR_HINT_SCOPE = 'actor-hints';

/** Who changed an object, left for the cluster watch to attach to the event it emits. */
export interface ActorHint {
  actor: string;
  /** The Herald event type the change will become: create, update, delete or scale. */
  operation: ChangeType;
  /** When the change was made, epoch ms; the watch ignores hints older than its own event window. */
  at: number;
  source: 'admission' | 'audit';
}

export function actorHintKey(cluster: string, kind: string, namespace: string, name: string): string {
  return `${cluster}/${kind}/${namespace}/${name}`;
}

export type ChangeType = 'create' | 'update' | 'delete' | 'scale';

/** One change to one object, as admission or audit saw it. */
export interface KubeChange {
  type: ChangeType;
  kind: string;
  namespace: string;
  name: string;
  actor: string;
  /** Epoch ms of the change. */
  at: number;
  source: 'admission' | 'audit';
  /** Stable id of the API request, so a retried review or batch is recorded once. */
  dedupKey: string;
  changes: FieldChange[];
  labels: Record<string, string>;
  data: Record<string, unknown>;
}

export interface RecordDeps {
  ingest: Ingest;
  store: Pick<Store, 'putSourceState'>;
  cluster: string;
  isWatched: IsWatched;
}

export type RecordOutcome = 'hint' | 'event' | 'duplicate';

export async function recordChange(deps: RecordDeps, change: KubeChange): Promise<RecordOutcome> {
  if (deps.isWatched(deps.cluster, change.kind)) {
    const hint: ActorHint = { actor: change.actor, operation: change.type, at: change.at, source: change.source };
    await deps.store.putSourceState([{
      scope: ACTOR_HINT_SCOPE, key: actorHintKey(deps.cluster, change.kind, change.namespace, change.name), value: hint,
    }]);
    return 'hint';
  }
  const result = await deps.ingest.ingest({
    event: change.type,
    cluster: deps.cluster,
    namespace: change.namespace,
    resource: change.kind,
    name: change.name,
    actor: change.actor,
    timestamp: new Date(change.at).toISOString(),
    changes: change.changes,
    labels: change.labels,
    summary: summarize(change),
    source: change.source,
    dedupKey: change.dedupKey,
    data: change.data,
  });
  return result.duplicate ? 'duplicate' : 'event';
}

const VERBS: Record<ChangeType, string> = { create: 'created', update: 'updated', delete: 'deleted', scale: 'scaled' };

function summarize(c: KubeChange): string {
  const target = `${c.kind} ${c.namespace === '' ? '' : `${c.namespace}/`}${c.name}`;
  const who = c.actor === '' ? 'someone' : c.actor;
  const replicas = c.type === 'scale' ? c.changes.find((f) => f.field === 'spec.replicas') : undefined;
  const range = replicas === undefined ? ''
    : replicas.old === undefined ? ` to ${String(replicas.new)}` : ` from ${String(replicas.old)} to ${String(replicas.new)}`;
  return `${who} ${VERBS[c.type]} ${target}${range}`;
}

/**
 * Waits for `work` at most `ms`: the API server waits on these webhooks, so a
 * slow store must not stall it. Late work carries on and logs its own failure.
 */
export async function settleWithin<T>(work: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), ms); });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The JSON error body every Herald endpoint answers with. */
export function errorResponse(c: Context, err: HeraldError): Response {
  return c.json({ error: err.toJSON() }, err.status as 400);
}

/** Reads and validates a JSON body; the error names the first offending field. */
export async function parseJsonBody<S extends z.ZodType>(
  c: Context, schema: S,
): Promise<{ ok: true; value: z.infer<S> } | { ok: false; response: Response }> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    return { ok: false, response: errorResponse(c, new HeraldError('VALIDATION', 'the body is not valid JSON', 'body')) };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join('.') || 'body';
  return { ok: false, response: errorResponse(c, new HeraldError('VALIDATION', `${field}: ${issue.message}`, field)) };
}

/**
 * When a bearer token is configured (and put in the API server's webhook
 * kubeconfig), only the API server can feed these endpoints fake changes.
 */
export function bearerMatches(header: string | undefined, token: string | undefined): boolean {
  if (token === undefined) return true;
  const presented = Buffer.from(header?.startsWith('Bearer ') === true ? header.slice(7) : '');
  const expected = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

export function unauthenticated(c: Context): Response {
  return errorResponse(c, new HeraldError('UNAUTHENTICATED', 'a valid bearer token is required'));
}

/** Reads a nested field of an arbitrary Kubernetes object, or undefined. */
export function pick(obj: unknown, ...path: string[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

export function pickString(obj: unknown, ...path: string[]): string | undefined {
  const v = pick(obj, ...path);
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** metadata.labels of an object, keeping only string values (the event schema requires them). */
export function labelsOf(obj: unknown): Record<string, string> {
  const labels = pick(obj, 'metadata', 'labels');
  if (labels === null || typeof labels !== 'object') return {};
  return Object.fromEntries(Object.entries(labels).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
