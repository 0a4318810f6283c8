import type { z } from 'zod';
import { ERROR_CODES, HeraldError, type ErrorCode } from './errors.ts';

/**
 * The one place a schema (zod) issue becomes a HeraldError naming the field:
 * request bodies and queries (VALIDATION), herald.yaml and HERALD_* variables
 * (CONFIG_INVALID), and what a source checks for itself (`at` puts the path of
 * the checked part in front, e.g. `watch` or `event`).
 */
export interface SchemaErrorOptions {
  code: 'VALIDATION' | 'CONFIG_INVALID';
  /** Path of the checked value inside what the user wrote, e.g. `watch` or `kubernetes.authz`. */
  at?: string;
  /** Field named when the whole value is at fault (no path): `body` by default, or `at`. */
  whole?: string;
  /** Named before the field in the message, e.g. the config file. */
  source?: string;
}

type Issue = z.core.$ZodIssue;

export function schemaError(error: { issues: readonly Issue[] }, opts: SchemaErrorOptions): HeraldError {
  const issue = error.issues[0];
  const prefix = opts.at === undefined || opts.at === '' ? [] : [opts.at];
  const whole = opts.whole ?? (opts.at || 'body');
  if (issue === undefined) return new HeraldError(opts.code, `${lead(opts.source)}${whole}: invalid`, whole);
  let path = [...prefix, ...issue.path.map(String)];
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    // Name the key itself, so a typo (`log.levle`) or a block at the wrong level points at the line to fix.
    path = [...path, issue.keys[0]!];
    const others = issue.keys.slice(1).map((k) => `"${k}"`).join(', ');
    message = others === '' ? 'unknown key' : `unknown key (also unknown here: ${others})`;
  }
  const field = path.join('.') || whole;
  return new HeraldError(codeOf(issue, opts.code), `${lead(opts.source)}${field}: ${message}`, { field, cause: error });
}

function lead(source: string | undefined): string {
  return source === undefined ? '' : `${source}: `;
}

/**
 * A schema may name a more precise code on its own check (`params: { code: 'UNKNOWN_PLATFORM' }`)
 * for API clients. Configuration mistakes stay CONFIG_INVALID whatever the check, so a
 * deployment script has one code (and exit status 2) to look for.
 */
function codeOf(issue: Issue, fallback: SchemaErrorOptions['code']): ErrorCode {
  if (fallback === 'CONFIG_INVALID' || issue.code !== 'custom') return fallback;
  const precise = (issue.params as { code?: unknown } | undefined)?.code;
  return (ERROR_CODES as readonly unknown[]).includes(precise) ? precise as ErrorCode : fallback;
}
