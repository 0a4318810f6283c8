import type { PlatformAnswer } from './platform.ts';

/**
 * DingTalk, Feishu and WeCom answer HTTP 200 even when they refuse a message
 * and put the reason in a JSON body (`{"errcode":310000,"errmsg":...}`). This
 * reads such a body; anything that is not JSON, or has no non-zero code, is
 * success, because the status was already 2xx.
 */
export function codeInBody(body: string, codeKeys: readonly string[], messageKeys: readonly string[], prefix: string): PlatformAnswer {
  const record = jsonObject(body);
  if (record === undefined) return { ok: true };
  const code = codeKeys.map((k) => record[k]).find((v) => v !== undefined && v !== null);
  if (code === undefined || code === 0 || code === '0') return { ok: true };
  const message = messageKeys.map((k) => record[k]).find((v) => typeof v === 'string' && v !== '');
  return { ok: false, error: `${prefix} ${String(code)}: ${typeof message === 'string' ? message : 'no message'}` };
}

/** A body that is a JSON object, or undefined (not JSON, an array, a proxy's HTML page). */
export function jsonObject(body: string): Record<string, unknown> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed as Record<string, unknown> : undefined;
}

/** The non-empty strings among `value` (a string, a list of strings, or an object of them), joined; "" when none. */
export function messages(value: unknown): string {
  const found = typeof value === 'string' ? [value]
    : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string')
    : value !== null && typeof value === 'object' ? Object.values(value).filter((v): v is string => typeof v === 'string')
    : [];
  return found.filter((m) => m !== '').join('; ');
}
