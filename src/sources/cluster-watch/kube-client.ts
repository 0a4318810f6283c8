import type { RequestOptions } from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { Agent, request } from 'undici';
import type { ClusterConfig } from './config.ts';

/**
 * The two HTTP calls the watch needs — a JSON GET (list pages) and a streamed
 * GET (watch) — done with undici directly.
 *
 * Why not the client-node Watch/ListWatch/informer: their relist and 410
 * handling is internal (an informer re-announces every object as ADDED after a
 * relist and does not expose the list resourceVersion or bookmarks in a way
 * we can persist against), and we need exact control over list → reconcile
 * against stored state → watch-from-resourceVersion. KubeConfig still does
 * what it is good at: reading kubeconfig/in-cluster config and producing the
 * server URL, TLS material and auth headers (applyToHTTPSOptions, called per
 * request so exec/token-file credentials are refreshed).
 */

export class KubeHttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export interface WatchStream {
  /** Newline-delimited JSON lines of the watch body, those of one received chunk together. */
  lines: AsyncIterable<string[]>;
  close(): void;
}

export interface KubeClient {
  readonly server: string;
  getJson(path: string, query: Record<string, string>, signal: AbortSignal): Promise<any>;
  watch(path: string, query: Record<string, string>, signal: AbortSignal): Promise<WatchStream>;
  close(): Promise<void>;
}

export function loadKubeConfig(c: ClusterConfig): KubeConfig {
  const kc = new KubeConfig();
  if (c.inCluster) kc.loadFromCluster();
  else kc.loadFromFile(c.kubeconfig!);
  if (c.context !== undefined) kc.setCurrentContext(c.context);
  return kc;
}

export function createKubeClient(kc: KubeConfig): KubeClient {
  const cluster = kc.getCurrentCluster();
  if (cluster === null) throw new Error(`kubeconfig context "${kc.getCurrentContext()}" names no cluster`);
  const server = cluster.server.replace(/\/+$/, '');
  let agent: Agent | undefined;

  async function prepare(): Promise<{ headers: Record<string, string>; dispatcher: Agent }> {
    const opts: RequestOptions = {};
    await kc.applyToHTTPSOptions(opts);
    const headers: Record<string, string> = { accept: 'application/json' };
    for (const [k, v] of Object.entries(opts.headers ?? {})) if (v !== undefined) headers[k.toLowerCase()] = String(v);
    if (typeof opts.auth === 'string') headers.authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
    agent ??= new Agent({
      connect: {
        ca: opts.ca as any, cert: opts.cert as any, key: opts.key as any,
        ...(opts.rejectUnauthorized === undefined ? {} : { rejectUnauthorized: opts.rejectUnauthorized }),
        ...(opts.servername === undefined ? {} : { servername: opts.servername }),
      },
      // Watches are long-lived and mostly idle between events; undici's default body timeout would cut them.
      bodyTimeout: 0,
      headersTimeout: 30_000,
    });
    return { headers, dispatcher: agent };
  }

  function url(path: string, query: Record<string, string>): string {
    const qs = new URLSearchParams(query).toString();
    return `${server}${path}${qs === '' ? '' : `?${qs}`}`;
  }

  async function get(path: string, query: Record<string, string>, signal: AbortSignal) {
    const { headers, dispatcher } = await prepare();
    const res = await request(url(path, query), { method: 'GET', headers, dispatcher, signal });
    if (res.statusCode >= 400) {
      const text = await res.body.text().catch(() => '');
      throw new KubeHttpError(res.statusCode, `GET ${path}: HTTP ${res.statusCode} ${text.slice(0, 300)}`);
    }
    return res;
  }

  return {
    server,
    async getJson(path, query, signal) {
      const res = await get(path, query, signal);
      return res.body.json();
    },
    async watch(path, query, signal) {
      const res = await get(path, query, signal);
      return { lines: splitLines(res.body), close: () => res.body.destroy() };
    },
    async close() {
      // Forget the agent so a later request (a restarted source) gets a fresh one.
      const a = agent;
      agent = undefined;
      await a?.close();
    },
  };
}

/**
 * Splits a byte stream on newlines; a watch event is one JSON document per
 * line. Yields the complete lines of each chunk together: one await per chunk,
 * not per event, and the lines found scanning the text once.
 */
async function* splitLines(body: AsyncIterable<Buffer>): AsyncIterable<string[]> {
  let rest = '';
  // A streaming decoder, so a multi-byte character split across chunks stays whole.
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    const text = rest + decoder.decode(chunk, { stream: true });
    const lines: string[] = [];
    let from = 0;
    let nl: number;
    while ((nl = text.indexOf('\n', from)) >= 0) {
      const line = text.slice(from, nl).trim();
      if (line !== '') lines.push(line);
      from = nl + 1;
    }
    rest = text.slice(from);
    if (lines.length > 0) yield lines;
  }
  const last = (rest + decoder.decode()).trim();
  if (last !== '') yield [last];
}
