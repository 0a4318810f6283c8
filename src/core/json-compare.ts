import { createHash } from 'node:crypto';

/**
 * Comparing, fingerprinting and cutting short JSON values of any depth, none
 * of it recursive (kube-diff.ts says why): the pieces of the Kubernetes diff
 * that know nothing of paths or ignore patterns.
 */

/** What stands for a subtree cut short. */
export const CUT_MARKER = '…';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isContainer(v: unknown): v is object {
  return typeof v === 'object' && v !== null;
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
  if (x === y) return true;
  if (!isContainer(x) || !isContainer(y)) return false;
  // Pairs laid flat (a, b, a, b…): the tracker compares every event's whole object, so no tuple per member.
  const todo: unknown[] = [x, y];
  while (todo.length > 0) {
    const b = todo.pop();
    const a = todo.pop();
    if (Array.isArray(a)) {
      if (!Array.isArray(b) || a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) if (!pushUnequal(todo, a[i], b[i])) return false;
      continue;
    }
    if (!isObject(a) || !isObject(b)) return false;
    let defined = 0;
    for (const k of Object.keys(a)) {
      const va = a[k];
      if (va === undefined) continue;
      defined++;
      if (!pushUnequal(todo, va, b[k])) return false;
    }
    for (const k of Object.keys(b)) if (b[k] !== undefined) defined--;
    if (defined !== 0) return false;
  }
  return true;
}

/** False when `a` and `b` differ as leaves; containers not the same are left on `todo` to compare. */
function pushUnequal(todo: unknown[], a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!isContainer(a) || !isContainer(b)) return false;
  todo.push(a, b);
  return true;
}
