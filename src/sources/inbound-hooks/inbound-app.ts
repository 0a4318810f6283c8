import type { HttpBindings } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { HeraldError } from '../../core/errors.ts';
import type { Ingest } from '../../ingest/ingestor.ts';
import type { Store } from '../../store/store.ts';
import { senderFor, type InboundConfig, type SourceConfig } from './registry.ts';
import { recordRejection } from './rejections.ts';
import { checkCredentials } from './request-auth.ts';
import type { InboundRequest } from './sender-type.ts';

/**
 * `/hooks/:source`: verify, de-duplicate, record, answer. The answer goes out
 * as soon as the events are committed; routing to webhooks and delivery happen
 * afterwards in the dispatcher, so senders with short timeouts (GitHub: 10 s)
 * are never kept waiting on receivers.
 */
export interface InboundAppOptions {
  ingest: Ingest;
  store: Store;
  config: InboundConfig;
  logger?: { warn(obj: object, msg: string): void };
}

const fail = (c: Context, err: HeraldError) => c.json({ error: err.toJSON() }, err.status as 400);

export function createInboundApp(opts: InboundAppOptions): Hono<{ Bindings: HttpBindings }> {
  const sources = new Map<string, SourceConfig>(opts.config.sources.map((s) => [s.name, s]));
  const app = new Hono<{ Bindings: HttpBindings }>();

  app.on(['POST', 'GET'], '/:source', async (c) => {
    const config = sources.get(c.req.param('source'));
    if (config === undefined) return fail(c, new HeraldError('NOT_FOUND', `no inbound source named "${c.req.param('source')}"`, 'source'));
    if (c.req.method === 'GET' && !config.allowGet) {
      return fail(c, new HeraldError('VALIDATION', `source "${config.name}" accepts POST only; set allowGet to accept GET`, 'method'));
    }
    const rawBody = Buffer.from(await c.req.arrayBuffer());
    const url = new URL(c.req.url);
    const headers = Object.fromEntries(Object.entries(c.req.header()).map(([k, v]) => [k.toLowerCase(), v]));
    const req: InboundRequest = { method: c.req.method, headers, rawBody, query: url.searchParams, payload: undefined };

    const sender = senderFor(config);
    const verdict = [checkCredentials(req, config), sender.verify(req, config)].find((v) => !v.ok) ?? { ok: true };
    if (!verdict.ok) {
      const reason = 'reason' in verdict ? verdict.reason : 'unverified';
      await recordRejection(opts.store, {
        at: new Date().toISOString(), source: config.name, reason, method: c.req.method,
        remoteAddress: c.env?.incoming?.socket?.remoteAddress ?? '',
      }, opts.config.keepRejected).catch((err) => opts.logger?.warn({ err }, 'could not record a rejected inbound request'));
      return fail(c, new HeraldError('SIGNATURE_INVALID', `request to /hooks/${config.name} refused: ${reason}`));
    }

    if (c.req.method === 'GET') {
      req.payload = Object.fromEntries(url.searchParams);
    } else if (rawBody.length > 0) {
      try {
        req.payload = JSON.parse(rawBody.toString('utf8'));
      } catch {
        return fail(c, new HeraldError('VALIDATION', 'the request body is not valid JSON', 'body'));
      }
    }

    let events;
    try {
      events = sender.toEvents(req, config);
    } catch (err) {
      if (err instanceof z.ZodError) {
        const issue = err.issues[0]!;
        const field = issue.path.join('.') || 'body';
        return fail(c, new HeraldError('VALIDATION', `${field}: ${issue.message}`, field));
      }
      throw err;
    }
    const deliveryId = sender.deliveryId(req, config);
    let recorded = 0;
    let duplicates = 0;
    for (const [i, event] of events.entries()) {
      const dedupKey = event.dedupKey ?? (deliveryId === undefined ? undefined : `${config.name}:${deliveryId}${events.length > 1 ? `:${i}` : ''}`);
      const result = await opts.ingest.ingest({ ...event, ...(dedupKey === undefined ? {} : { dedupKey }) });
      if (result.duplicate) duplicates++;
      else recorded++;
    }
    const status = events.length === 0 ? 'ignored' : recorded === 0 ? 'duplicate' : 'accepted';
    return c.json({ status, recorded, duplicates }, recorded > 0 ? 202 : 200);
  });

  return app;
}
