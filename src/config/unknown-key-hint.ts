import type { z } from 'zod';

/**
 * For an unknown key in herald.yaml, the fix when it is plain: the key it is a
 * typo of (`webhook` → `webhooks`, `levle` → `level`), or the section a
 * top-level key belongs under (`authz` → `kubernetes.authz`). Undefined when
 * there is no clear one; the error names the key either way.
 */
export function unknownKeyHint(root: z.ZodType, field: string): string | undefined {
  const path = field.split('.');
  const key = path.pop()!;
  const parent = objectAt(root, path);
  if (parent === undefined) return undefined;
  // A section's own key written at the top level is the likelier mistake than a typo (authz, not auth).
  const home = path.length > 0 ? undefined
    : Object.entries(parent).find(([, s]) => { const shape = shapeOf(s); return shape !== undefined && key in shape; });
  if (home !== undefined) return `it belongs under ${home[0]}: (${home[0]}.${key})`;
  const typo = Object.keys(parent).find((k) => closeTo(k.toLowerCase(), key.toLowerCase()));
  return typo === undefined ? undefined : `did you mean "${[...path, typo].join('.')}"?`;
}

type Shape = Record<string, z.ZodType>;
interface Def { innerType?: z.ZodType; in?: z.ZodType; element?: z.ZodType; shape?: Shape }
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The keys of the mapping at `path` (array indexes included), or undefined past a union or a scalar. */
function objectAt(schema: z.ZodType, path: readonly string[]): Shape | undefined {
  const def = defOf(unwrap(schema));
  if (def.element !== undefined) return /^\d+$/.test(path[0] ?? '') ? objectAt(def.element, path.slice(1)) : undefined;
  if (def.shape === undefined || path.length === 0) return def.shape;
  const next = def.shape[path[0]!];
  return next === undefined ? undefined : objectAt(next, path.slice(1));
}

/** Through .optional(), .default(), .nullable() and transforms to the schema that reads the input. */
function unwrap(schema: z.ZodType): z.ZodType {
  for (let def = defOf(schema); ; def = defOf(schema)) {
    const inner = def.innerType ?? def.in;
    if (inner === undefined) return schema;
    schema = inner;
  }
}

function shapeOf(schema: z.ZodType): Shape | undefined {
  return defOf(unwrap(schema)).shape;
}

/** A missing or extra trailing "s", or at most two letters changed (Levenshtein). */
function closeTo(a: string, b: string): boolean {
  if (a === `${b}s` || b === `${a}s`) return true;
  if (Math.abs(a.length - b.length) > 2 || Math.min(a.length, b.length) < 4) return false;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]! <= 2;
}
