/**
 * The merge keys of Kubernetes lists — the `patchMergeKey` / `listMapKey`
 * struct tags of the API types (k8s.io/api core/v1 and meta/v1), which strategic
 * merge patch and server-side apply use to tell list items apart. Comparing by
 * them makes an env var added in the middle one change
 * (`env[name=LOG_LEVEL]`) instead of a shift of every later item.
 *
 * Looked up by the list's field name, so a custom resource embedding a PodSpec
 * gets the same keys. Lists the API defines as atomic (tolerations, envFrom,
 * args, command…) are absent and keep index paths.
 */

interface ListKey {
  /** The first field identifies the item; the others refine it (listMapKey with several keys). */
  fields: readonly string[];
  /** Values left out of the path when they are the API default, so defaulted and undefaulted objects agree. */
  defaults?: Readonly<Record<string, string>>;
}

const BY_NAME: readonly ListKey[] = [{ fields: ['name'] }];
const TCP = { protocol: 'TCP' };

const LIST_KEYS: Readonly<Record<string, readonly ListKey[]>> = {
  containers: BY_NAME,
  initContainers: BY_NAME,
  ephemeralContainers: BY_NAME,
  env: BY_NAME,
  volumes: BY_NAME,
  imagePullSecrets: BY_NAME,
  resourceClaims: BY_NAME,
  schedulingGates: BY_NAME,
  volumeMounts: [{ fields: ['mountPath'] }],
  volumeDevices: [{ fields: ['devicePath'] }],
  // Container ports (patchMergeKey containerPort, listMapKey containerPort+protocol), Service ports (port+protocol).
  ports: [{ fields: ['containerPort', 'protocol'], defaults: TCP }, { fields: ['port', 'protocol'], defaults: TCP }],
  hostAliases: [{ fields: ['ip'] }],
  ownerReferences: [{ fields: ['uid'] }],
  topologySpreadConstraints: [{ fields: ['topologyKey', 'whenUnsatisfiable'] }],
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isKeyValue(v: unknown): v is string | number {
  return typeof v === 'string' || typeof v === 'number';
}

function segment(item: Record<string, unknown>, key: ListKey): string {
  const parts: string[] = [];
  for (const [i, f] of key.fields.entries()) {
    const v = item[f];
    if (!isKeyValue(v)) continue;
    if (i > 0 && key.defaults?.[f] === String(v)) continue;
    parts.push(`${f}=${String(v)}`);
  }
  return parts.join(',');
}

/**
 * The bracket segment of every item of both lists, or undefined when the list
 * has no merge key or its items do not all carry a distinct one (then indices
 * are the only honest identity).
 */
export function listItemSegments(field: string, a: readonly unknown[], b: readonly unknown[]):
  { a: string[]; b: string[]; fields: readonly string[] } | undefined {
  const candidates = Object.hasOwn(LIST_KEYS, field) ? LIST_KEYS[field]! : [];
  for (const key of candidates) {
    const primary = key.fields[0]!;
    const keyed = (list: readonly unknown[]) => list.every((it) => isObject(it) && isKeyValue(it[primary]));
    if (!keyed(a) || !keyed(b)) continue;
    const segs = (list: readonly unknown[]) => list.map((it) => segment(it as Record<string, unknown>, key));
    const sa = segs(a);
    const sb = segs(b);
    if (new Set(sa).size !== sa.length || new Set(sb).size !== sb.length) return undefined;
    return { a: sa, b: sb, fields: key.fields };
  }
  return undefined;
}
