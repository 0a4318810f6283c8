import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP receiver on loopback that records every request. `respond`
 * decides each answer, so tests can script failures, slowness and 429s.
 */
export interface Received { method: string; url: string; headers: IncomingHttpHeaders; body: string; at: number }

export interface Reply { status?: number; headers?: Record<string, string>; body?: string; delayMs?: number }

export interface Receiver {
  url: string;
  requests: Received[];
  /** Resolves when at least `n` requests have arrived (rejects after `timeoutMs`). */
  waitFor(n: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startReceiver(respond: (req: Received, index: number) => Reply | Promise<Reply> = () => ({})): Promise<Receiver> {
  const requests: Received[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const received: Received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      const index = requests.push(received) - 1;
      for (const w of waiters.filter((w) => requests.length >= w.n)) w.resolve();
      const reply = await respond(received, index);
      if (reply.delayMs !== undefined) await new Promise((r) => setTimeout(r, reply.delayMs));
      if (res.destroyed) return;
      res.writeHead(reply.status ?? 200, { 'content-type': 'text/plain', ...reply.headers });
      res.end(reply.body ?? 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    waitFor(n, timeoutMs = 10_000) {
      if (requests.length >= n) return Promise.resolve(requests);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`receiver got ${requests.length} of ${n} requests in ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ n, resolve: () => { clearTimeout(timer); resolve(requests); } });
      });
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A receiver that enforces a sending rate as Slack does for incoming webhooks
 * (about one message a second): a request sooner than `intervalMs` after the
 * last one it accepted is answered 429 with a Retry-After in seconds, and
 * counted in `refused`. Accepted requests get `accept`'s answer.
 */
export function rateLimited(intervalMs: number, accept: (req: Received, index: number) => Reply = () => ({})):
  { respond: (req: Received, index: number) => Reply; refused: Received[]; accepted: Received[] } {
  let lastAccepted = -Infinity;
  const refused: Received[] = [];
  const accepted: Received[] = [];
  return {
    refused,
    accepted,
    respond(req, index) {
      if (req.at - lastAccepted < intervalMs) {
        refused.push(req);
        return { status: 429, headers: { 'retry-after': String(Math.ceil((intervalMs - (req.at - lastAccepted)) / 1000)) }, body: 'rate_limited' };
      }
      lastAccepted = req.at;
      accepted.push(req);
      return accept(req, index);
    },
  };
}
