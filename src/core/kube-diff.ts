import { createHash } from 'node:crypto';
import { mainChange, type FieldChange } from './event.ts';
import { joinItem, joinKey, pathMatcher, type PathMatcher } from './field-path.ts';
import { listItemSegments } from './list-keys.ts';

/**
 * The one comparison of two versions of a Kubernetes object, used by every
 * source (watch, admission, audit), so the same change is described the same
 * way whoever saw it. The cluster watch stores a "compact" copy of each object
 * (ignored churn stripped) and diffs compact copies; admission and audit
 * compact what they are given the same way.
 *
 * Paths: see field-path.ts. Lists with a Kubernetes merge key (list-keys.ts)
 * are compared item by item under that key — an added or removed item is one
 * change carrying the item — and other lists by index, leaf by leaf.
 *
 * Nothing here recurses with the object's depth: the API server accepts objects
 * nested 10,000 levels deep, and V8 overflows its stack on a few thousand
 * frames (JSON.stringify gives up between 4,000 and 8,000 levels on Node 24).
 * Below MAX_DIFF_DEPTH a differing subtree is one change, its values cut short.
 */

/**
 * Ignore patterns: `*` matches within one path segment, `[*]` any list item,
 * `**` anything (any depth). A pattern also ignores everything below the path it names.
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

/** Path segments compared one by one; a deeper difference is reported as one change at this depth. */
export const MAX_DIFF_DEPTH = 64;

/** What stands for a subtree cut short in a change's old/new value. */
export const CUT_MARKER = '…';

export type IgnoreMatcher = PathMatcher;

/** Compiles ignore patterns once; the watch calls the matcher for every field it visits. */
export function ignoreMatcher(patterns: readonly string[] = DEFAULT_IGNORE_FIELDS): IgnoreMatcher {
  return pathMatcher(patterns);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isContainer(v: unknown): v is object {
  return typeof v === 'object' && v !== null;
}

function isEmpty(v: object): boolean {
  return Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0;
}

/**
 * A copy of `value` without ignored fields — what the watch persists. Empty
 * maps left behind (e.g. `metadata.annotations` holding only the kubectl
 * annotation) are dropped so they do not look like a change either. A subtree
 * at MAX_DIFF_DEPTH becomes its fingerprint: the stored state stays
 * serializable, and a change below is still seen, as one change at that depth.
 */
export function compactObject(value: unknown, ignore: IgnoreMatcher = ignoreMatcher(), path = '', depth = 0): unknown {
  if (depth >= MAX_DIFF_DEPTH) return isContainer(value) ? fingerprint(value) : value;
  if (Array.isArray(value)) return value.map((v, i) => compactObject(v, ignore, joinItem(path, i), depth + 1));
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const p = joinKey(path, k);
    if (v === undefined || ignore(p)) continue;
    const c = compactObject(v, ignore, p, depth + 1);
    if (isObject(c) && Object.keys(c).length === 0 && !(isObject(v) && Object.keys(v).length === 0)) continue;
    out[k] = c;
  }
  return out;
}

interface Frame {
  a: unknown;
  b: unknown;
  path: string;
  depth: number;
  /** The field name this value sits under, which decides a list's merge key. */
  name: string;
  /** Report as one change without looking inside (an added or removed keyed list item). */
  whole?: boolean;
}

/**
 * Every changed field between two objects, ignored paths skipped, in key order;
 * at most MAX_CHANGES. With `patch`, `newObj` is a merge patch (what an audit
 * event's requestObject holds for a PATCH): its leaves are the new values, a
 * null removes a field, keyed list items are partial and `$` directives are skipped.
 */
export function diffObjects(oldObj: unknown, newObj: unknown, ignore: IgnoreMatcher = ignoreMatcher(),
  opts: { patch?: boolean } = {}): FieldChange[] {
  const out: FieldChange[] = [];
  const patch = opts.patch === true;
  const stack: Frame[] = [{ a: oldObj, b: newObj, path: '', depth: 0, name: '' }];
  while (stack.length > 0 && out.length < MAX_CHANGES) {
    const f = stack.pop()!;
    const { a, b, path, depth } = f;
    if (path !== '' && ignore(path)) continue;
    if (f.whole === true || (depth >= MAX_DIFF_DEPTH && (isContainer(a) || isContainer(b)))) {
      if (!deepEqual(a, b)) out.push(change(path, cut(a, MAX_DIFF_DEPTH - depth), cut(b, MAX_DIFF_DEPTH - depth)));
      continue;
    }
    if (patch && b === null) { out.push({ field: path }); continue; }
    const next: Frame[] = [];
    const child = (ca: unknown, cb: unknown, p: string, name: string, whole = false) =>
      next.push({ a: ca, b: cb, path: p, depth: depth + 1, name, ...(whole ? { whole } : {}) });
    if (isObject(a) && isObject(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      for (const k of keys) if (!(patch && k.startsWith('$'))) child(a[k], b[k], joinKey(path, k), k);
    } else if (Array.isArray(a) && Array.isArray(b)) {
      const segs = listItemSegments(f.name, a, b);
      if (segs === undefined) {
        for (let i = 0; i < Math.max(a.length, b.length); i++) child(a[i], b[i], joinItem(path, i), f.name);
      } else {
        const before = new Map(segs.a.map((s, i) => [s, a[i]]));
        const after = new Set(segs.b);
        // A patch's items are partial: their fields (but the key naming the item) are the news, not the whole item.
        const keyOnly = (item: unknown) => Object.fromEntries(segs.fields.filter((k) => isObject(item) && k in item)
          .map((k) => [k, (item as Record<string, unknown>)[k]]));
        b.forEach((item, i) => {
          const seg = segs.b[i]!;
          if (before.has(seg)) child(before.get(seg), item, joinItem(path, seg), f.name);
          else if (patch) child(keyOnly(item), item, joinItem(path, seg), f.name);
          else child(undefined, item, joinItem(path, seg), f.name, true);
        });
        a.forEach((item, i) => { if (!after.has(segs.a[i]!)) child(item, undefined, joinItem(path, segs.a[i]!), f.name, true); });
      }
    } else if (a === undefined && isContainer(b) && !isEmpty(b)) {
      // An added or removed subtree is reported leaf by leaf, so every path is a field a person can filter on.
      next.push({ ...f, a: Array.isArray(b) ? [] : {} });
    } else if (b === undefined && isContainer(a) && !isEmpty(a)) {
      next.push({ ...f, b: Array.isArray(a) ? [] : {} });
    } else if (!deepEqual(a, b)) {
      out.push(change(path, a, b));
    }
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]!);
  }
  return out;
}

function change(field: string, old: unknown, nu: unknown): FieldChange {
  const c: FieldChange = { field };
  if (old !== undefined) c.old = old;
  if (nu !== undefined) c.new = nu;
  return c;
}

class Token {
  readonly text: string;
  constructor(text: string) { this.text = text; }
}

/** `…sha256:<16 hex>` of a JSON value's canonical form (keys sorted), computed without recursion. */
export function fingerprint(value: unknown): string {
  const hash = createHash('sha256');
  const todo: unknown[] = [value];
  while (todo.length > 0) {
    const v = todo.pop();
    if (v instanceof Token) { hash.update(v.text); continue; }
    if (Array.isArray(v)) {
      hash.update('[');
      todo.push(new Token(']'));
      for (let i = v.length - 1; i >= 0; i--) todo.push(v[i], new Token(i === 0 ? '' : ','));
    } else if (isObject(v)) {
      hash.update('{');
      todo.push(new Token('}'));
      const keys = Object.keys(v).filter((k) => v[k] !== undefined).sort();
      for (let i = keys.length - 1; i >= 0; i--) todo.push(v[keys[i]!], new Token(`${i === 0 ? '' : ','}${JSON.stringify(keys[i])}:`));
    } else {
      hash.update(JSON.stringify(v) ?? 'null');
    }
  }
  return `${CUT_MARKER}sha256:${hash.digest('hex').slice(0, 16)}`;
}

/** A copy of `value` at most `levels` deep; what lies deeper becomes CUT_MARKER. */
export function cut(value: unknown, levels: number): unknown {
  if (!isContainer(value)) return value;
  const root: { v: unknown } = { v: undefined };
  const todo: Array<{ src: unknown; set: (v: unknown) => void; left: number }> = [{ src: value, set: (v) => { root.v = v; }, left: levels }];
  while (todo.length > 0) {
    const { src, set, left } = todo.pop()!;
    if (!isContainer(src)) { set(src); continue; }
    if (left <= 0) { set(CUT_MARKER); continue; }
    if (Array.isArray(src)) {
      const copy: unknown[] = new Array(src.length);
      set(copy);
      src.forEach((v, i) => todo.push({ src: v, set: (x) => { copy[i] = x; }, left: left - 1 }));
    } else {
      const copy: Record<string, unknown> = {};
      set(copy);
      for (const [k, v] of Object.entries(src)) todo.push({ src: v, set: (x) => { copy[k] = x; }, left: left - 1 });
    }
  }
  return root.v;
}

/** Structural equality of JSON values; undefined members count as absent. Iterative, for any depth. */
export function deepEqual(x: unknown, y: unknown): boolean {
  const todo: Array<[unknown, unknown]> = [[x, y]];
  while (todo.length > 0) {
    const [a, b] = todo.pop()!;
    if (a === b) continue;
    if (Array.isArray(a)) {
      if (!Array.isArray(b) || a.length !== b.length) return false;
      a.forEach((v, i) => todo.push([v, b[i]]));
      continue;
    }
    if (!isObject(a) || !isObject(b)) return false;
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    if (ka.length !== kb.length) return false;
    for (const k of ka) todo.push([a[k], b[k]]);
  }
  return true;
}

export type KubeChangeType = 'create' | 'update' | 'delete' | 'scale';

export interface Classified {
  event: KubeChangeType;
  changes: FieldChange[];
  /** The most significant change: spec.replicas for a scale, else the first change. */
  detail: FieldChange | null;
}

/** `scale` whenever spec.replicas is among the changes, however the write was made. */
export function typeOfUpdate(changes: readonly FieldChange[]): 'scale' | 'update' {
  return changes.some((c) => c.field === 'spec.replicas') ? 'scale' : 'update';
}

/**
 * Names a change between two compact objects. `undefined` means the object did
 * not exist (before) or no longer exists (after). Null when nothing that matters changed.
 */
export function classifyChange(before: unknown, after: unknown, ignore: IgnoreMatcher = ignoreMatcher()): Classified | null {
  if (before === undefined && after === undefined) return null;
  if (before === undefined) return { event: 'create', changes: [], detail: null };
  if (after === undefined) return { event: 'delete', changes: [], detail: null };
  const changes = diffObjects(before, after, ignore);
  if (changes.length === 0) return null;
  const event = typeOfUpdate(changes);
  return { event, changes, detail: mainChange(event, changes) };
}

/** classifyChange for objects as the API server sent them (admission, audit): compacted as the watch does first. */
export function classifyObjects(before: unknown, after: unknown, ignore: IgnoreMatcher = ignoreMatcher()): Classified | null {
  const compact = (o: unknown) => (o === undefined || o === null ? undefined : compactObject(o, ignore));
  return classifyChange(compact(before), compact(after), ignore);
}
