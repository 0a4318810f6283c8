import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The HTTP endpoint a Node user puts in front of a job queue to take events
 * as Herald's /api/v1/events does: bearer token checked, JSON body read and
 * parsed, one job enqueued per event, answered 202 once the queue took it.
 * With it the baselines are timed end to end, from the first POST to the
 * last arrival, as Herald is.
 */
export interface HttpFront { url: string; close(): Promise<void> }

export async function startHttpFront(token: string, enqueue: (event: unknown) => Promise<void>): Promise<HttpFront> {
  const expected = `Bearer ${token}`;
  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/api/v1/events' || req.headers.authorization !== expected) {
      req.resume();
      res.writeHead(req.headers.authorization === expected ? 404 : 401).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let event: unknown;
      try { event = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { res.writeHead(400).end(); return; }
      enqueue(event).then(
        () => res.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":1}'),
        (err: Error) => res.writeHead(503).end(err.message),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
