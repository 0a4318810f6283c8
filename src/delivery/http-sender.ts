import { Agent } from 'undici';
import { HeraldError } from '../core/errors.ts';
import type { ReceiverAnswer } from '../core/read-answer.ts';
import type { WebhookAuth } from '../core/webhook.ts';
import type { Transport } from '../platforms/platform.ts';
import { dispatchCapped } from './capped-response.ts';
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

/** Where a URL is sent, or why it is not: the same for every delivery of a webhook. */
type Target = { origin: string; path: string } | { refused: string };

interface Pool {
  insecureSkipVerify: boolean;
  caCert: string | undefined;
  agent: Agent;
  /** The last URL sent through this pool and its target: a webhook's URL is parsed and checked once, not per delivery. */
  url?: string;
  target?: Target;
}

export class HttpSender implements Sender {
  readonly #guard: SsrfGuard;
  readonly #pools = new Map<string, Pool>();

  constructor(guard: SsrfGuard) {
    this.#guard = guard;
  }

  async send(req: SendRequest): Promise<SendResult> {
    const pool = this.#pool(req.poolKey, req.tls);
    if (pool.url !== req.url) {
      pool.target = this.#target(req.url);
      pool.url = req.url;
    }
    const target = pool.target!;
    if ('refused' in target) return { ok: false, error: target.refused, permanent: true };
    const outcome = await dispatchCapped(pool.agent, {
      origin: target.origin,
      path: target.path,
      method: 'POST',
      headers: { 'user-agent': USER_AGENT, ...req.headers },
      body: req.body,
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
    }, MAX_BODY_BYTES, req.timeoutMs);
    if (outcome.ok) return outcome;
    const timedOut = outcome.timedOut || isTimeout(outcome.err);
    return { ok: false, error: timedOut ? `timed out after ${req.timeoutMs} ms` : describeNetworkError(outcome.err), permanent: isSsrf(outcome.err), timedOut };
  }

  /** An IP literal is judged here; a host name by `lookup` at connect time, for every connection. */
  #target(raw: string): Target {
    try {
      const url = new URL(raw);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return { refused: `invalid URL: ${url.protocol} is not http: or https:` };
      this.#guard.checkUrl(url);
      return { origin: url.origin, path: `${url.pathname}${url.search}` };
    } catch (err) {
      return { refused: err instanceof HeraldError ? err.message : `invalid URL: ${(err as Error).message}` };
    }
  }

  /** A webhook whose TLS options changed gets a fresh pool; the old one is closed once its requests finish. */
  #pool(poolKey: string, tls: SendRequest['tls']): Pool {
    const pool = this.#pools.get(poolKey);
    if (pool !== undefined && pool.insecureSkipVerify === tls.insecureSkipVerify && pool.caCert === tls.caCert) return pool;
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
    const fresh: Pool = { insecureSkipVerify: tls.insecureSkipVerify, caCert: tls.caCert, agent };
    this.#pools.set(poolKey, fresh);
    return fresh;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#pools.values()].map((p) => p.agent.close()));
    this.#pools.clear();
  }
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
