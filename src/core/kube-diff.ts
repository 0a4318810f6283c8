import { mainChange, type FieldChange } from './event.ts';
import { joinItem, joinKey } from './field-path.ts';
import { cut, deepEqual, fingerprint } from './json-compare.ts';
import { listItemSegments } from './list-keys.ts';
import { PathPatterns, type PatternState } from './path-patterns.ts';

// The tracker, redaction and tests take these from here, beside the diff they serve.
export { CUT_MARKER, cut, deepEqual, fingerprint } from './json-compare.ts';

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

/** Ignore patterns compiled for the walks below (path-patterns.ts): a field's path is never built to be tested. */
export type IgnoreMatcher = PathPatterns;

let defaultIgnore: IgnoreMatcher | undefined;

/** Compiles ignore patterns once; the watch steps the matcher for every field it visits. */
export function ignoreMatcher(patterns: readonly string[] = DEFAULT_IGNORE_FIELDS): IgnoreMatcher {
  // The default list is shared, and with it what its states learned about the keys they met.
  if (patterns === DEFAULT_IGNORE_FIELDS) return defaultIgnore ??= new PathPatterns(patterns);
  return new PathPatterns(patterns);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isContainer(v: unknown): v is object {
  return typeof v === 'object' && v !== null;
}

/** Without allocating a key list. Only for plain JSON maps (no inherited enumerable keys). */
function hasNoKeys(v: object): boolean {
  for (const _ in v) return false;
  return true;
}

function isEmpty(v: object): boolean {
  return Array.isArray(v) ? v.length === 0 : hasNoKeys(v);
}

/**
 * A copy of `value` without ignored fields — what the watch persists. Empty
 * maps left behind (e.g. `metadata.annotations` holding only the kubectl
 * annotation) are dropped so they do not look like a change either. A subtree
 * at MAX_DIFF_DEPTH becomes its fingerprint: the stored state stays
 * serializable, and a change below is still seen, as one change at that depth.
 * List items are never dropped (their paths here are indices), only fields within them.
 */
export function compactObject(value: unknown, ignore: IgnoreMatcher = ignoreMatcher()): unknown {
  return compactAt(value, ignore.root, 0);
}

function compactAt(value: unknown, at: PatternState, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DIFF_DEPTH) return fingerprint(value);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      out.push(typeof v === 'object' && v !== null ? compactAt(v, at.item(i), depth + 1) : v);
    }
    return out;
  }
  const src = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(src)) {
    const v = src[k];
    if (v === undefined) continue;
    const below = at.key(k);
    if (below.accept) continue;
    if (typeof v !== 'object' || v === null) { out[k] = v; continue; }
    const c = compactAt(v, below, depth + 1);
    // c is a map only where v is one; drop it when ignoring emptied it.
    if (isObject(c) && hasNoKeys(c) && !hasNoKeys(v)) continue;
    out[k] = c;
  }
  return out;
}

interface Frame {
  a: unknown;
  b: unknown;
  /** Where the ignore patterns stand at this value. */
  at: PatternState;
  /** The path is built only for a change (pathOf): from the parent's and this segment. */
  parent: Frame | undefined;
  /** A map key, or a list item's bracket segment (an index or merge key). */
  seg: string | number;
  item: boolean;
  depth: number;
  /** The field name this value sits under, which decides a list's merge key. */
  name: string;
  /** Report as one change without looking inside (an added or removed keyed list item). */
  whole: boolean;
}

function frame(a: unknown, b: unknown, at: PatternState, parent: Frame | undefined, seg: string | number, item: boolean,
  name: string, whole: boolean): Frame {
  return { a, b, at, parent, seg, item, depth: parent === undefined ? 0 : parent.depth + 1, name, whole };
}

function pathOf(f: Frame): string {
  const chain: Frame[] = [];
  for (let g: Frame | undefined = f; g?.parent !== undefined; g = g.parent) chain.push(g);
  let path = '';
  for (let i = chain.length - 1; i >= 0; i--) {
    const g = chain[i]!;
    path = g.item ? joinItem(path, g.seg) : joinKey(path, g.seg as string);
  }
  return path;
}

/** Reverses stack[from..] in place: children are pushed in order, and must pop in order. */
function reverseFrom(stack: Frame[], from: number): void {
  for (let i = from, j = stack.length - 1; i < j; i++, j--) {
    const t = stack[i]!;
    stack[i] = stack[j]!;
    stack[j] = t;
  }
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
  const stack: Frame[] = [frame(oldObj, newObj, ignore.root, undefined, '', false, '', false)];
  while (stack.length > 0 && out.length < MAX_CHANGES) {
    const f = stack.pop()!;
    const { a, b, at, depth } = f;
    if (f.parent !== undefined && at.accept) continue;
    if (f.whole || (depth >= MAX_DIFF_DEPTH && (isContainer(a) || isContainer(b)))) {
      if (!deepEqual(a, b)) out.push(change(pathOf(f), cut(a, MAX_DIFF_DEPTH - depth), cut(b, MAX_DIFF_DEPTH - depth)));
      continue;
    }
    if (patch && b === null) { out.push({ field: pathOf(f) }); continue; }
    const base = stack.length;
    if (isObject(a) && isObject(b)) {
      for (const k of sortedUnion(Object.keys(a), Object.keys(b), a)) {
        if (patch && k.startsWith('$')) continue;
        const ca = a[k];
        const cb = b[k];
        // Equal leaves (and the same subtree) hold no change; a patch's null means a removal even so.
        if (ca === cb && !patch) continue;
        const below = at.key(k);
        if (!below.accept) stack.push(frame(ca, cb, below, f, k, false, k, false));
      }
    } else if (Array.isArray(a) && Array.isArray(b)) {
      // Most lists are as they were (containers, env…): one comparison costs less than telling their items apart.
      if (!patch && deepEqual(a, b)) continue;
      const segs = listItemSegments(f.name, a, b);
      if (segs === undefined) {
        const n = Math.max(a.length, b.length);
        for (let i = 0; i < n; i++) {
          if (a[i] !== b[i] || patch) stack.push(frame(a[i], b[i], at.item(i), f, i, true, f.name, false));
        }
      } else {
        const before = new Map<string, unknown>();
        for (let i = 0; i < a.length; i++) before.set(segs.a[i]!, a[i]);
        const after = new Set(segs.b);
        for (let i = 0; i < b.length; i++) {
          const item = b[i];
          const seg = segs.b[i]!;
          // A patch's items are partial: their fields (but the key naming the item) are the news, not the whole item.
          const old = before.has(seg) ? before.get(seg) : patch ? keyOnly(item, segs.fields) : undefined;
          const whole = !before.has(seg) && !patch;
          stack.push(frame(old, item, at.item(seg), f, seg, true, f.name, whole));
        }
        for (let i = 0; i < a.length; i++) {
          const seg = segs.a[i]!;
          if (!after.has(seg)) stack.push(frame(a[i], undefined, at.item(seg), f, seg, true, f.name, true));
        }
      }
    } else if (a === undefined && isContainer(b) && !isEmpty(b)) {
      // An added or removed subtree is reported leaf by leaf, so every path is a field a person can filter on.
      stack.push({ ...f, a: Array.isArray(b) ? [] : {} });
    } else if (b === undefined && isContainer(a) && !isEmpty(a)) {
      stack.push({ ...f, b: Array.isArray(a) ? [] : {} });
    } else if (!deepEqual(a, b)) {
      out.push(change(pathOf(f), a, b));
    }
    reverseFrom(stack, base);
  }
  return out;
}

/** The keys of both maps in sort() order; `ka` (a's keys) is reused. Most pairs hold the same keys in the same order. */
function sortedUnion(ka: string[], kb: string[], a: Record<string, unknown>): string[] {
  let same = ka.length === kb.length;
  for (let i = 0; same && i < ka.length; i++) same = ka[i] === kb[i];
  if (!same) for (const k of kb) if (!Object.hasOwn(a, k)) ka.push(k);
  if (ka.length > 16) return ka.sort();
  // Insertion sort by code units, as sort() compares strings: a map's few keys, often in order already
  // (Array.prototype.sort was a third of the diff's own time).
  for (let i = 1; i < ka.length; i++) {
    const k = ka[i]!;
    let j = i - 1;
    while (j >= 0 && ka[j]! > k) { ka[j + 1] = ka[j]!; j--; }
    ka[j + 1] = k;
  }
  return ka;
}

function keyOnly(item: unknown, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isObject(item)) return out;
  for (const k of fields) if (k in item) out[k] = item[k];
  return out;
}

function change(field: string, old: unknown, nu: unknown): FieldChange {
  const c: FieldChange = { field };
  if (old !== undefined) c.old = old;
  if (nu !== undefined) c.new = nu;
  return c;
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
