import { ERROR_CODES, HeraldError, type ErrorCode } from '../../core/errors.ts';
import type { Credentials } from './credentials.ts';

export interface Request {
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  accept?: string;
}

export interface Answer { status: number; headers: Headers; text: string }

/**
 * The REST API as the CLI uses it. Credentials are resolved on the first
 * call, so `--help` and usage mistakes need none. A refusal keeps the server's
 * code (NOT_FOUND, FORBIDDEN, VALIDATION…), which picks the exit status.
 */
export class ApiClient {
  readonly #credentials: () => Credentials;
  #resolved: Credentials | undefined;

  constructor(credentials: () => Credentials) {
    this.#credentials = credentials;
  }

  get server(): string {
    return this.#creds().server;
  }

  async get<T = any>(path: string, query?: Request['query']): Promise<T> {
    return json(await this.send('GET', path, { query }));
  }

  async post<T = any>(path: string, body?: unknown): Promise<T> {
    return json(await this.send('POST', path, { body }));
  }

  async put<T = any>(path: string, body: unknown): Promise<T> {
    return json(await this.send('PUT', path, { body }));
  }

  async delete(path: string): Promise<void> {
    await this.send('DELETE', path, {});
  }

  /** One request under /api/v1; any answer but 2xx throws. */
  async send(method: string, path: string, req: Request): Promise<Answer> {
    const { server, token, tokenFrom } = this.#creds();
    const url = new URL(`${server}/api/v1${path}`);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: req.accept ?? 'application/json',
          ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
      });
    } catch (err) {
      const why = (err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message;
      throw new HeraldError('UNREACHABLE', `cannot reach Herald at ${server}: ${why} (set --server or HERALD_URL)`, { cause: err });
    }
    const text = await res.text();
    if (res.ok) return { status: res.status, headers: res.headers, text };
    throw refusal(res.status, text, res.status === 401 ? ` (the token from ${tokenFrom} was refused)` : '');
  }

  #creds(): Credentials {
    this.#resolved ??= this.#credentials();
    return this.#resolved;
  }
}

function json(answer: Answer): any {
  if (answer.text === '') return null;
  try {
    return JSON.parse(answer.text);
  } catch (err) {
    throw new HeraldError('REMOTE', `the answer is not JSON (is this a Herald server?): ${answer.text.slice(0, 200)}`, { cause: err });
  }
}

function refusal(status: number, text: string, hint: string): HeraldError {
  let error: { code?: string; message?: string; field?: string } | undefined;
  try {
    error = (JSON.parse(text) as { error?: typeof error }).error;
  } catch { /* not JSON: a proxy's page, reported as it is */ }
  const code: ErrorCode = (ERROR_CODES as readonly unknown[]).includes(error?.code) && error?.code !== 'INTERNAL' ? error!.code as ErrorCode : 'REMOTE';
  const message = error?.message ?? (text.slice(0, 200) || 'no answer body');
  return new HeraldError(code, `${status} ${error?.code ?? 'HTTP'}: ${message}${hint}`, error?.field);
}

/** One path segment from user input: an id with a `/` or `?` stays one segment. */
export const seg = encodeURIComponent;
