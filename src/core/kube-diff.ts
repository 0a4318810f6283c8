import type { FieldChange } from './event.ts';

/**
 * Pure comparison of two Kubernetes objects. The cluster watch stores a
 * "compact" copy of each object (ignored churn stripped) and diffs compact
 * copies, so status updates and metadata bookkeeping never become events.
 *
 * Paths are dotted with list indices: `spec.template.spec.containers[0].image`.
 * Map keys are used verbatim, so annotation keys keep their dots
 * (`metadata.annotations.kubectl.kubernetes.io/last-applied-configuration`).
 */

/**
 * Ignore patterns: `*` matches within one path segment, `**` matches anything
 * (any depth). A pattern also ignores everything below the path it names.
 */
export const DEFAULT_IGNORE_FIELDS: readonly string[] = [
  'status',
  'metadata.resourceVersion',
  'metadata.managedFields',
  'metadata.generation',
  'metadata.uid',
  'metadata.creationTimestamp',
  'metadata.selfLink',
  'metadata.annotations.kubectl.kubernetes.io/last-applied-configuration',
  // Written by controllers, not people: the Deployment controller records each rollout's revision in a
  // write of its own (SetDeploymentRevision + UpdateStatus), the API server bumps the DaemonSet template
  // generation, the TTL controller retunes Nodes as the cluster grows.
  'metadata.annotations.deployment.kubernetes.io/revision',
  'metadata.annotations.deprecated.daemonset.template.generation',
  'metadata.annotations.node.alpha.kubernetes.io/ttl',
  // Heartbeat-style timestamps (lastTransitionTime, lastProbeTime, lastUpdateTime…) at any depth.
  'last*Time',
  '**.last*Time',
];

/** The most changes one event carries (the event schema's limit). */
export const MAX_CHANGES = 1000;

export type IgnoreMatcher = (path: string) => boolean;

/** Compiles ignore patterns once; the watch calls the matcher for every field it visits. */
export function ignoreMatcher(patterns: readonly string[] = DEFAULT_IGNORE_FIELDS): IgnoreMatcher {
  if (patterns.length === 0) return () => false;
  const source = patterns.map((p) => p.split('**').map((part) => part.split('*').map(escape).join('[^.\\[]*')).join('.*'));
  const re = new RegExp(`^(?:${source.join('|')})$`);
  return (path) => re.test(path);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function join(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A copy of `value` without ignored fields — what the watch persists. Empty
 * maps left behind (e.g. `metadata.annotations` holding only the kubectl
 * annotation) are dropped so they do not look like a change either.
 */
export function compactObject(value: unknown, ignore: IgnoreMatcher = ignoreMatcher(), path = ''): unknown {
  if (Array.isArray(value)) return value.map((v, i) => compactObject(v, ignore, join(path, i)));
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const p = join(path, k);
    if (v === undefined || ignore(p)) continue;
    const c = compactObject(v, ignore, p);
    if (isObject(c) && Object.keys(c).length === 0 && !(isObject(v) && Object.keys(v).length === 0)) continue;
    out[k] = c;
  }
  return out;
}

/** Every changed leaf between two objects, ignored paths skipped; at most MAX_CHANGES. */
export function diffObjects(oldObj: unknown, newObj: unknown, ignore: IgnoreMatcher = ignoreMatcher()): FieldChange[] {
  const out: FieldChange[] = [];
  walk(oldObj, newObj, '', ignore, out);
  return out;
}

function walk(a: unknown, b: unknown, path: string, ignore: IgnoreMatcher, out: FieldChange[]): void {
  if (out.length >= MAX_CHANGES) return;
  if (path !== '' && ignore(path)) return;
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of [...keys].sort()) walk(a[k], b[k], join(path, k), ignore, out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], join(path, i), ignore, out);
    return;
  }
  // An added or removed subtree is reported leaf by leaf, so every path is a field a person can filter on.
  if (a === undefined && (isObject(b) || Array.isArray(b)) && !isEmpty(b)) return walk(emptyLike(b), b, path, ignore, out);
  if (b === undefined && (isObject(a) || Array.isArray(a)) && !isEmpty(a)) return walk(a, emptyLike(a), path, ignore, out);
  if (!deepEqual(a, b)) out.push(change(path, a, b));
}

function isEmpty(v: object): boolean {
  return Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0;
}

function emptyLike(v: unknown): unknown {
  return Array.isArray(v) ? [] : {};
}

function change(field: string, old: unknown, nu: unknown): FieldChange {
  const c: FieldChange = { field };
  if (old !== undefined) c.old = old;
  if (nu !== undefined) c.new = nu;
  return c;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

export type KubeChangeType = 'create' | 'update' | 'delete' | 'scale';

export interface Classified {
  event: KubeChangeType;
  changes: FieldChange[];
  /** The most significant change: spec.replicas for a scale, else the first change. */
  detail: FieldChange | null;
}

/**
 * Names a change. `undefined` means the object did not exist (before) or no
 * longer exists (after). Returns null when nothing that matters changed.
 */
export function classifyChange(before: unknown, after: unknown, ignore: IgnoreMatcher = ignoreMatcher()): Classified | null {
  if (before === undefined && after === undefined) return null;
  if (before === undefined) return { event: 'create', changes: [], detail: null };
  if (after === undefined) return { event: 'delete', changes: [], detail: null };
  const changes = diffObjects(before, after, ignore);
  if (changes.length === 0) return null;
  const replicas = changes.find((c) => c.field === 'spec.replicas');
  if (replicas !== undefined) return { event: 'scale', changes, detail: replicas };
  return { event: 'update', changes, detail: changes[0] ?? null };
}
