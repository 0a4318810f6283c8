import { createHash } from 'node:crypto';
import { Agent, request } from 'undici';
import { HeraldError } from '../core/errors.ts';
import type { ReceiverAnswer } from '../core/read-answer.ts';
import type { WebhookAuth } from '../core/webhook.ts';
import type { Transport } from '../platforms/platform.ts';
import type { SsrfGuard } from './ssrf-guard.ts';

/**
 * Sends one HTTP request with undici: keep-alive connections pooled per
 * webhook (not per host: with one pool per origin, a slow webhook at
 * concurrency 64 to hooks.slack.com took every connection and held up each
 * other Slack webhook for as long as it was slow), connect-time SSRF checks, per-webhook TLS options, a hard timeout,
 * redirects never followed, and the response body read only up to a cap so a
 * receiver cannot make Herald buffer megabytes.
 */
export interface SendRequest {
  /** Which sender takes it (TransportSenders); the platform declares it. */
  transport: Transport;
  url: string;
  /** The delivery id: NATS `Nats-Msg-Id`, the AMQP message id, the email Message-ID. */
  messageId: string;
  /** Credentials for a broker or SMTP server; HTTP carries them in `headers` already. */
  auth: WebhookAuth;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  tls: { insecureSkipVerify: boolean; caCert?: string | undefined };
  /** Requests with the same key share connections; the dispatcher uses the webhook id. */
  poolKey: string;
}

export interface SendResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export type SendResult = ReceiverAnswer;

/** What the dispatcher needs of a sender; tests give it a fake. */
export interface Sender {
  send(req: SendRequest): Promise<SendResult>;
}

const MAX_BODY_BYTES = 64 * 1024;
const USER_AGENT = 'Herald-Webhooks/0.1';

/** A webhook's concurrency is at most 64 and the claim enforces it, so its own pool never makes it wait. */
const CONNECTIONS_PER_POOL = 64;

export class HttpSender implements Sender {
  readonly #guard: SsrfGuard;
  readonly #pools = new Map<string, { tlsKey: string; agent: Agent }>();

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
        dispatcher: this.#agent(req.poolKey, req.tls),
        headersTimeout: req.timeoutMs,
        bodyTimeout: req.timeoutMs,
        signal: AbortSignal.timeout(req.timeoutMs),
      });
      const body = await readCapped(res.body, MAX_BODY_BYTES);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      return { ok: true, response: { statusCode: res.statusCode, headers, body } };
    } catch (err) {
      const timedOut = isTimeout(err);
      return { ok: false, error: timedOut ? `timed out after ${req.timeoutMs} ms` : describeNetworkError(err), permanent: isSsrf(err), timedOut };
    }
  }

  /** A webhook whose TLS options changed gets a fresh pool; the old one is closed once its requests finish. */
  #agent(poolKey: string, tls: SendRequest['tls']): Agent {
    const tlsKey = createHash('sha256').update(`${tls.insecureSkipVerify}|${tls.caCert ?? ''}`).digest('hex');
    const pool = this.#pools.get(poolKey);
    if (pool !== undefined && pool.tlsKey === tlsKey) return pool.agent;
    if (pool !== undefined) void pool.agent.close().catch(() => {});
    const agent = new Agent({
      keepAliveTimeout: 30_000,
      connections: CONNECTIONS_PER_POOL,
      connect: {
        lookup: this.#guard.lookup,
        rejectUnauthorized: !tls.insecureSkipVerify,
        ...(tls.caCert === undefined ? {} : { ca: tls.caCert }),
      },
    });
    this.#pools.set(poolKey, { tlsKey, agent });
    return agent;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#pools.values()].map((p) => p.agent.close()));
    this.#pools.clear();
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

function isTimeout(err: unknown): boolean {
  return causeChain(err).some((e) => e.name === 'TimeoutError' || e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT');
}

function describeNetworkError(err: unknown): string {
  const chain = causeChain(err);
  const root = chain[chain.length - 1] ?? chain[0];
  if (root === undefined) return String(err);
  return root.code === undefined ? root.message : `${root.code}: ${root.message}`;
}
