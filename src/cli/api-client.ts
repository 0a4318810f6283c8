import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HeraldError } from '../core/errors.ts';

/**
 * What the CLI's API commands share: a running Herald's address (HERALD_URL,
 * default http://127.0.0.1:8080), the token (HERALD_TOKEN or ./data/admin.token),
 * one call that turns an error answer into a HeraldError, and a plain table.
 */
export type ApiCall = (method: string, path: string, body?: unknown) => Promise<any>;

export function apiClient(opts: { server?: string | undefined; token?: string | undefined }): ApiCall {
  const server = (opts.server ?? process.env.HERALD_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
  const token = opts.token ?? process.env.HERALD_TOKEN ?? readDefaultToken();
  return async (method, path, body) => {
    let res: Response;
    try {
      res = await fetch(`${server}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new HeraldError('UNREACHABLE', `cannot reach Herald at ${server}: ${(err as Error).cause ?? (err as Error).message}`, { cause: err });
    }
    const text = await res.text();
    const parsed = text === '' ? null : JSON.parse(text);
    if (!res.ok) throw new HeraldError('REMOTE', `${res.status} ${parsed?.error?.code ?? ''}: ${parsed?.error?.message ?? text}`, parsed?.error?.field);
    return parsed;
  };
}

function readDefaultToken(): string {
  const file = join(process.env.HERALD_DATA_DIR ?? './data', 'admin.token');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
}

export function table(rows: string[][]): string {
  if (rows.length === 0) return '(none)';
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n');
}
