import type { HeraldEvent } from '../../../src/core/event.ts';
import { eventually, startTestHerald, type TestHerald } from '../../support/herald.ts';
import { startReceiver, type Receiver } from '../../support/receiver.ts';

/**
 * A whole Herald (startHerald, SQLite in a temp dir, loopback allow-listed)
 * with the inbound sources a test file names, plus real loopback receivers
 * registered as custom webhooks through the REST API.
 */
export interface InboundHerald {
  herald: TestHerald;
  url: string;
  post(source: string, body: string, headers?: Record<string, string>): Promise<Response>;
  get(pathAndQuery: string, headers?: Record<string, string>): Promise<Response>;
  /** A receiver registered as a webhook with these filters (all events when omitted). */
  receiver(name: string, filters?: unknown): Promise<Receiver>;
  /** Events Herald recorded from this source, oldest first (straight from the store). */
  recorded(source: string): Promise<HeraldEvent[]>;
  close(): Promise<void>;
}

export async function startInbound(sources: unknown[], opts: { keepRejected?: number } = {}): Promise<InboundHerald> {
  const herald = await startTestHerald({ inbound: { keepRejected: opts.keepRejected ?? 1000, sources } as never });
  const receivers: Receiver[] = [];
  return {
    herald,
    url: herald.url,
    post: (source, body, headers = {}) => fetch(`${herald.url}/hooks/${source}`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body,
    }),
    get: (pathAndQuery, headers = {}) => fetch(`${herald.url}/hooks/${pathAndQuery}`, { headers }),
    async receiver(name, filters) {
      const r = await startReceiver();
      receivers.push(r);
      const res = await herald.api('/api/v1/webhooks', { body: { name, url: r.url, ...(filters === undefined ? {} : { filters }) } });
      if (res.status !== 201) throw new Error(`creating webhook ${name}: ${res.status} ${JSON.stringify(res.body)}`);
      return r;
    },
    async recorded(source) {
      const page = await herald.store.listEvents(undefined, 1000);
      return page.items.filter((e) => e.source === source);
    },
    async close() {
      await herald.close();
      for (const r of receivers) await r.close();
    },
  };
}

/** Event payloads a receiver got from one inbound source. */
export function received(r: Receiver, source: string): any[] {
  return r.requests.map((q) => JSON.parse(q.body)).filter((e) => e.source === source);
}

/** Waits until the receiver has `n` events from `source`, then returns them. */
export function receivedN(r: Receiver, source: string, n: number): Promise<any[]> {
  return eventually(() => (received(r, source).length >= n ? received(r, source) : undefined));
}

/**
 * Long enough for the dispatcher (idlePollMs 100, woken on every recorded
 * event) to have delivered anything it was going to: used before asserting
 * that something was NOT delivered.
 */
export const settle = (ms = 400) => new Promise((r) => setTimeout(r, ms));

export async function errorOf(res: Response): Promise<{ code: string; message: string; field?: string }> {
  return ((await res.json()) as { error: { code: string; message: string; field?: string } }).error;
}
