import { HeraldError } from './errors.ts';

/**
 * How deeply nested JSON Herald takes in, and keeps. The API server decodes
 * objects nested up to 10,000 levels, so an AdmissionReview or audit EventList
 * wrapping such an object is a little deeper; bodies up to MAX_BODY_DEPTH are
 * accepted, deeper ones refused before they are parsed. V8's JSON.parse is
 * iterative, but JSON.stringify recurses and overflows the stack at ~4,400
 * levels (Node 24, default stack), so every value kept in an event is cut at
 * MAX_EVENT_VALUE_DEPTH: the store, deliveries, templates, the API and the
 * console then never walk anything deep. Both walks here are loops.
 */
export const MAX_BODY_DEPTH = 10_100;
export const MAX_EVENT_VALUE_DEPTH = 100;

const OPEN_BRACE = 0x7b, CLOSE_BRACE = 0x7d, OPEN_BRACKET = 0x5b, CLOSE_BRACKET = 0x5d, QUOTE = 0x22, BACKSLASH = 0x5c;

/**
 * Whether JSON text nests objects/arrays deeper than `max` (`{}` is 1 level).
 * A scan of the bytes, not a parse: malformed text is left for JSON.parse to refuse.
 */
export function jsonDeeperThan(text: string | Uint8Array, max: number): boolean {
  // Every structural character is ASCII, and neither UTF-16 code units of other characters nor UTF-8
  // continuation bytes ever equal one, so text and raw bytes are scanned alike, without decoding.
  const at = typeof text === 'string' ? (i: number) => text.charCodeAt(i) : (i: number) => text[i]!;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const b = at(i);
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) {
      inString = true;
    } else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

/** The 400 for a body past MAX_BODY_DEPTH, the same from every endpoint. */
export function bodyTooDeep(): HeraldError {
  return new HeraldError('VALIDATION', `the body nests deeper than ${MAX_BODY_DEPTH.toLocaleString('en')} levels`, 'body');
}

/** What stands in for a subtree cut at MAX_EVENT_VALUE_DEPTH. */
export function cutMarker(max: number): string {
  return `[nested deeper than ${max} levels: not kept]`;
}

/**
 * A copy of a JSON value whose containers nest at most `max` levels; deeper
 * ones become cutMarker(max). Returns the value itself when nothing is cut,
 * so the common shallow case costs one walk and no copy.
 */
export function capDepth<T>(value: T, max: number = MAX_EVENT_VALUE_DEPTH): T {
  if (!deeperThan(value, max)) return value;
  const marker = cutMarker(max);
  const copyOf = (v: unknown): unknown => (Array.isArray(v) ? new Array(v.length) : {});
  const root = copyOf(value);
  const stack: Array<{ from: any; to: any; depth: number }> = [{ from: value, to: root, depth: 1 }];
  while (stack.length > 0) {
    const { from, to, depth } = stack.pop()!;
    for (const key of Object.keys(from)) {
      const child = from[key];
      if (child === null || typeof child !== 'object') {
        to[key] = child;
      } else if (depth >= max) {
        to[key] = marker;
      } else {
        to[key] = copyOf(child);
        stack.push({ from: child, to: to[key], depth: depth + 1 });
      }
    }
  }
  return root as T;
}

function deeperThan(value: unknown, max: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const stack: Array<{ v: any; depth: number }> = [{ v: value, depth: 1 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    for (const key of Object.keys(v)) {
      const child = v[key];
      if (child === null || typeof child !== 'object') continue;
      if (depth >= max) return true;
      stack.push({ v: child, depth: depth + 1 });
    }
  }
  return false;
}
