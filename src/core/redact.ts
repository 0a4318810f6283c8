import type { FieldChange, HeraldEvent } from './event.ts';
import { joinItem, joinKey, pathMatcher, type PathMatcher } from './field-path.ts';
import { CUT_MARKER } from './kube-diff.ts';

/**
 * What never leaves Herald, applied to every event before it is stored (and so
 * before any webhook, template or console sees it), whichever source made it.
 *
 * - Secrets, always: a change to a Secret's `data`/`stringData` keeps its field
 *   (`data.password`) so people see *that* it changed, never the value; and any
 *   Secret object carried in a payload has its data values replaced.
 * - Paths (config `redact.paths`, glob syntax of field-path.ts, matched without
 *   regard to case): a change whose field, or a field inside its old/new value,
 *   matches is shown as REDACTED; the event's own `data` is matched as `data.<path>`.
 *
 * Values are walked without recursion. Deeper than MAX_REDACT_DEPTH a subtree is
 * replaced by CUT_MARKER: matching ever longer paths made a 10,000-level payload
 * cost 10 s (quadratic), and the store could not serialize it anyway (V8's
 * JSON.stringify overflows between 4,000 and 8,000 levels).
 */

export const REDACTED = '[redacted]';

/** Levels of an event's values that are kept and checked; no real payload comes near it. */
export const MAX_REDACT_DEPTH = 128;

const CREDENTIAL_WORDS = ['password', 'passwd', 'secret', 'token', 'credential', 'apikey', 'api-key', 'api_key', 'private-key', 'privatekey', 'private_key'];

export const DEFAULT_REDACT_PATHS: readonly string[] = [
  // Container, init and ephemeral container env values: where a password pasted into a manifest ends up.
  '**.env[*].value',
  // Annotations named like credentials (example.com/db-password, vault.hashicorp.com/token, signing.key…).
  ...CREDENTIAL_WORDS.map((w) => `metadata.annotations.**${w}**`),
  'metadata.annotations.**key',
  // Fields of an inbound sender's payload named like credentials, at any depth.
  ...CREDENTIAL_WORDS.map((w) => `data.**${w}**`),
  'data.**authorization**',
];

export interface RedactConfig {
  /** Added to DEFAULT_REDACT_PATHS (unless `defaults` is false). */
  paths?: readonly string[];
  defaults?: boolean;
}

/** Compiles the configured paths once; the ingest path calls the result for every event. */
export function redactionMatcher(config: RedactConfig = {}): PathMatcher {
  const paths = [...(config.defaults === false ? [] : DEFAULT_REDACT_PATHS), ...(config.paths ?? [])];
  return pathMatcher(paths, { caseInsensitive: true });
}

const DEFAULT_MATCHER = redactionMatcher();

/** The event with every secret value replaced by REDACTED. Pure: the input is not changed. */
export function redactEvent(event: HeraldEvent, matches: PathMatcher = DEFAULT_MATCHER): HeraldEvent {
  const secret = event.resource.toLowerCase() === 'secret';
  const change = (c: FieldChange): FieldChange => redactChange(c, secret, matches);
  return {
    ...event,
    changes: event.changes.map(change),
    detail: event.detail === null ? null : change(event.detail),
    ...(event.data === undefined ? {} : { data: redactValue(event.data, 'data', matches) as Record<string, unknown> }),
  };
}

function isSecretData(field: string): boolean {
  return field === 'data' || field === 'stringData' || field.startsWith('data.') || field.startsWith('stringData.');
}

function redactChange(c: FieldChange, secret: boolean, matches: PathMatcher): FieldChange {
  const hide = (secret && isSecretData(c.field)) || matches(c.field);
  const out: FieldChange = { field: c.field };
  if (c.old !== undefined) out.old = hide ? REDACTED : redactValue(c.old, c.field, matches);
  if (c.new !== undefined) out.new = hide ? REDACTED : redactValue(c.new, c.field, matches);
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A Secret object (core v1), wherever it appears: a request body, a generic payload… */
function isSecretObject(v: Record<string, unknown>): boolean {
  return v.kind === 'Secret' && (v.apiVersion === undefined || v.apiVersion === 'v1');
}

/** A copy of `value` (found at `path`) with matching fields and Secret data replaced. */
export function redactValue(value: unknown, path: string, matches: PathMatcher): unknown {
  const root: { v: unknown } = { v: undefined };
  const todo: Array<{ src: unknown; path: string; depth: number; set: (v: unknown) => void; hidden?: boolean }> = [
    { src: value, path, depth: 0, set: (v) => { root.v = v; } },
  ];
  while (todo.length > 0) {
    const { src, path: p, depth, set, hidden } = todo.pop()!;
    if (hidden === true) { set(REDACTED); continue; }
    if (depth >= MAX_REDACT_DEPTH && typeof src === 'object' && src !== null) { set(CUT_MARKER); continue; }
    if (Array.isArray(src)) {
      const copy: unknown[] = new Array(src.length);
      set(copy);
      src.forEach((v, i) => {
        const cp = joinItem(p, i);
        todo.push({ src: v, path: cp, depth: depth + 1, set: (x) => { copy[i] = x; }, hidden: matches(cp) });
      });
    } else if (isObject(src)) {
      const copy: Record<string, unknown> = {};
      set(copy);
      const secret = isSecretObject(src);
      for (const [k, v] of Object.entries(src)) {
        const cp = joinKey(p, k);
        if (secret && (k === 'data' || k === 'stringData') && isObject(v)) {
          copy[k] = Object.fromEntries(Object.keys(v).map((key) => [key, REDACTED]));
          continue;
        }
        todo.push({ src: v, path: cp, depth: depth + 1, set: (x) => { copy[k] = x; }, hidden: matches(cp) });
      }
    } else {
      set(src);
    }
  }
  return root.v;
}
