/** Reading fields of arbitrary (unvalidated) Kubernetes objects safely. */

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
