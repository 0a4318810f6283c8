import type { PlatformAnswer } from './platform.ts';

/**
 * DingTalk, Feishu and WeCom answer HTTP 200 even when they refuse a message
 * and put the reason in a JSON body (`{"errcode":310000,"errmsg":...}`). This
 * reads such a body; anything that is not JSON, or has no non-zero code, is
 * success, because the status was already 2xx.
 */
export function codeInBody(body: string, codeKeys: readonly string[], messageKeys: readonly string[], prefix: string): PlatformAnswer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ok: true };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: true };
  const record = parsed as Record<string, unknown>;
  const code = codeKeys.map((k) => record[k]).find((v) => v !== undefined && v !== null);
  if (code === undefined || code === 0 || code === '0') return { ok: true };
  const message = messageKeys.map((k) => record[k]).find((v) => typeof v === 'string' && v !== '');
  return { ok: false, error: `${prefix} ${String(code)}: ${typeof message === 'string' ? message : 'no message'}` };
}
