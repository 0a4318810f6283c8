import { createHash } from 'node:crypto';
import { Agent, request } from 'undici';
import { HeraldError } from '../core/errors.ts';
import type { SsrfGuard } from './ssrf-guard.ts';

/**
 * Sends one HTTP request with undici: pooled keep-alive connections per
 * receiver, connect-time SSRF checks, per-webhook TLS options, a hard timeout,
 * redirects never followed, and the response body read only up to a cap so a
 * receiver cannot make Herald buffer megabytes.
 */
export interface SendRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  tls: { insecureSkipVerify: boolean; caCert?: string | undefined };
}

export interface SendResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export type SendResult =
  | { ok: true; response: SendResponse }
  | { ok: false; error: string; permanent: boolean };

const MAX_BODY_BYTES = 64 * 1024;
const USER_AGENT = 'Herald-Webhooks/0.1';

export class HttpSender {
  readonly #guard: SsrfGuard;
  readonly #agents = new Map<string, Agent>();

  constructor(guard: SsrfGuard) {
    this.#guard = guard;
  }

  async send(req: SendRequest): Promise<SendResult> {
    let url: URL;
    try {
      url = new URL(req.url);
      this.#guard.checkUrl(url);
    } catch (err) {
      return { ok: false, error: err instanceof HeraldError ? err.message : `invalid URL: ${(err as Error).message}`, permanent: true };
    }
    try {
      const res = await request(url, {
        method: 'POST',
        headers: { 'user-agent': USER_AGENT, ...req.headers },
        body: req.body,
        dispatcher: this.#agent(req.tls),
        headersTimeout: req.timeoutMs,
        bodyTimeout: req.timeoutMs,
        signal: AbortSignal.timeout(req.timeoutMs),
      });
      const body = await readCapped(res.body, MAX_BODY_BYTES);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      return { ok: true, response: { statusCode: res.statusCode, headers, body } };
    } catch (err) {
      return { ok: false, error: describeNetworkError(err, req.timeoutMs), permanent: isSsrf(err) };
    }
  }

  #agent(tls: SendRequest['tls']): Agent {
    const key = createHash('sha256').update(`${tls.insecureSkipVerify}|${tls.caCert ?? ''}`).digest('hex');
    let agent = this.#agents.get(key);
    if (agent === undefined) {
      agent = new Agent({
        keepAliveTimeout: 30_000,
        connections: 64,
        connect: {
          lookup: this.#guard.lookup,
          rejectUnauthorized: !tls.insecureSkipVerify,
          ...(tls.caCert === undefined ? {} : { ca: tls.caCert }),
        },
      });
      this.#agents.set(key, agent);
    }
    return agent;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#agents.values()].map((a) => a.close()));
    this.#agents.clear();
  }
}

async function readCapped(body: AsyncIterable<Buffer> & { destroy(): void }, cap: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= cap) { body.destroy(); break; }
  }
  return Buffer.concat(chunks).subarray(0, cap).toString('utf8');
}

function causeChain(err: unknown): Array<Error & { code?: string }> {
  const chain: Array<Error & { code?: string }> = [];
  let e: unknown = err;
  while (e instanceof Error && chain.length < 5) { chain.push(e as Error & { code?: string }); e = e.cause; }
  return chain;
}

function isSsrf(err: unknown): boolean {
  return causeChain(err).some((e) => e.code === 'ESSRF');
}

function describeNetworkError(err: unknown, timeoutMs: number): string {
  const chain = causeChain(err);
  if (chain.some((e) => e.name === 'TimeoutError' || e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT')) {
    return `timed out after ${timeoutMs} ms`;
  }
  const root = chain[chain.length - 1] ?? chain[0];
  if (root === undefined) return String(err);
  return root.code === undefined ? root.message : `${root.code}: ${root.message}`;
}
