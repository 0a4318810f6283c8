import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import type { RenderedRequest } from '../../src/platforms/platform.ts';
import type { Received, Receiver, Verdict } from './receivers.ts';

/** A real HTTP receiver on 127.0.0.1 that answers with `receiver`'s verdict and keeps what it saw. */
export interface Loopback {
  base: string;
  seen: Array<Received & { verdict: Verdict }>;
  close(): Promise<void>;
}

export async function startLoopback(receiver: Receiver, now: () => Date = () => new Date()): Promise<Loopback> {
  const seen: Loopback['seen'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received: Received = { url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const verdict = req.method === 'POST' ? receiver(received, now()) : { status: 405, body: '', problems: ['not a POST'] };
      seen.push({ ...received, verdict });
      res.writeHead(verdict.status, { 'content-type': verdict.body.startsWith('{') ? 'application/json' : 'text/plain' });
      res.end(verdict.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

/** Sends a rendered request as the dispatcher would: POST to its URL (or the webhook's) with its headers. */
export async function send(rendered: RenderedRequest, webhookUrl: string): Promise<{ status: number; body: string }> {
  const res = await request(rendered.url ?? webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...rendered.headers },
    body: rendered.body,
  });
  return { status: res.statusCode, body: await res.body.text() };
}
