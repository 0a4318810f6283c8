import type { FieldChange } from '../../core/event.ts';

/**
 * Field-level differences between an object's old and new versions, as dotted
 * paths (spec.template.spec.containers). Lists compare as a whole: an index
 * path like containers.0.image says less to a reader than the two lists do.
 * Bookkeeping the API server rewrites on every write is left out, or every
 * update would list it.
 */

const IGNORED: readonly (readonly string[])[] = [
  ['metadata', 'managedFields'],
  ['metadata', 'resourceVersion'],
  ['metadata', 'generation'],
  ['metadata', 'creationTimestamp'],
  ['metadata', 'uid'],
  ['metadata', 'selfLink'],
  ['metadata', 'annotations', 'kubectl.kubernetes.io/last-applied-configuration'],
  ['status'],
];

function ignored(path: readonly string[]): boolean {
  return IGNORED.some((p) => p.length === path.length && p.every((seg, i) => seg === path[i]));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** At most `limit` changes, in key order; a missing side is `undefined` (added or removed field). */
export function diffObjects(oldObj: unknown, newObj: unknown, limit = 100): FieldChange[] {
  const out: FieldChange[] = [];
  const walk = (a: unknown, b: unknown, path: string[]): void => {
    if (out.length >= limit || ignored(path)) return;
    if (isPlainObject(a) && isPlainObject(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      for (const k of keys) walk(a[k], b[k], [...path, k]);
      return;
    }
    if (!deepEqual(a, b)) out.push({ field: path.join('.'), old: a, new: b });
  };
  walk(oldObj, newObj, []);
  return out;
}
