import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { z } from 'zod';
import { HeraldError } from '../../core/errors.ts';
import { CheckedEventInputSchema, type CheckedEventInput, type EventInput } from '../../core/event.ts';
import { schemaError } from '../../core/schema-error.ts';
import { newId } from '../../core/ids.ts';
import { errorResponse } from '../../http/error-response.ts';
import type { CheckedIngest } from '../../app/record-event.ts';
import type { SourceState } from '../../app/ports/source-state.ts';
import { bodyTooDeep, jsonDeeperThan, MAX_BODY_DEPTH } from '../../core/json-depth.ts';
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
  ingest: Pick<CheckedIngest, 'ingestChecked'>;
  store: SourceState;
  config: InboundConfig;
  logger?: { warn(obj: object, msg: string): void };
}

export function createInboundApp(opts: InboundAppOptions): Hono<{ Bindings: HttpBindings }> {
  const sources = new Map<string, SourceConfig>(opts.config.sources.map((s) => [s.name, s]));
  const app = new Hono<{ Bindings: HttpBindings }>();

  app.on(['POST', 'GET'], '/:source', async (c) => {
    const config = sources.get(c.req.param('source'));
    if (config === undefined) return errorResponse(c, new HeraldError('NOT_FOUND', `no inbound source named "${c.req.param('source')}"`, 'source'));
    if (c.req.method === 'GET' && !config.allowGet) {
      return errorResponse(c, new HeraldError('VALIDATION', `source "${config.name}" accepts POST only; set allowGet to accept GET`, 'method'));
    }
    const url = new URL(c.req.url);
    // A GET has no body: its signature covers the query string exactly as sent, so a signed GET
    // cannot be replayed with other parameters (signing the empty body would verify any query).
    const rawUrl = c.env?.incoming?.url ?? c.req.url;
    const rawBody = c.req.method === 'GET'
      ? Buffer.from(rawUrl.includes('?') ? rawUrl.slice(rawUrl.indexOf('?') + 1) : '')
      : Buffer.from(await c.req.arrayBuffer());
    const headers = Object.fromEntries(Object.entries(c.req.header()).map(([k, v]) => [k.toLowerCase(), v]));
    const req: InboundRequest = { method: c.req.method, headers, rawBody, query: url.searchParams, payload: undefined };

    const sender = senderFor(config);
    const verdict = [checkCredentials(req, config), sender.verify(req, config)].find((v) => !v.ok) ?? { ok: true };
    if (!verdict.ok) {
      const reason = 'reason' in verdict ? verdict.reason : 'unverified';
      // A proxy's request id when there is one, else our own: quoted in the answer so the sender's operator can find the record.
      const requestId = headers['x-request-id']?.slice(0, 128) ?? newId('evt');
      await recordRejection(opts.store, {
        at: new Date().toISOString(), source: config.name, reason, method: c.req.method, requestId,
        remoteAddress: c.env?.incoming?.socket?.remoteAddress ?? '',
      }, opts.config.keepRejected).catch((err) => opts.logger?.warn({ err }, 'could not record a rejected inbound request'));
      return errorResponse(c, new HeraldError('SIGNATURE_INVALID', `request to /hooks/${config.name} refused: ${reason} (request ${requestId})`));
    }

    if (c.req.method === 'GET') {
      // The `token` parameter is a credential: it never becomes part of an event.
      req.payload = Object.fromEntries([...url.searchParams].filter(([k]) => k !== 'token'));
    } else if (rawBody.length > 0) {
      if (jsonDeeperThan(rawBody, MAX_BODY_DEPTH)) return errorResponse(c, bodyTooDeep());
      try {
        req.payload = JSON.parse(rawBody.toString('utf8'));
      } catch (err) {
        return errorResponse(c, new HeraldError('VALIDATION', 'the request body is not valid JSON', { field: 'body', cause: err }));
      }
    }

    let events: EventInput[];
    const checkedEvents: CheckedEventInput[] = [];
    try {
      events = sender.toEvents(req, config);
      const deliveryId = sender.deliveryId(req, config);
      // Every event (with the de-duplication key it will carry) is checked once, before any is recorded:
      // a sender's over-long field is its 400, not our 500, and one bad alert never leaves its group half recorded.
      for (const [i, e] of events.entries()) {
        const dedupKey = e.dedupKey ?? (deliveryId === undefined ? undefined : `${config.name}:${deliveryId}${events.length > 1 ? `:${i}` : ''}`);
        const checked = CheckedEventInputSchema.safeParse({ ...e, ...(dedupKey === undefined ? {} : { dedupKey }) });
        if (!checked.success) return errorResponse(c, schemaError(checked.error, { code: 'VALIDATION', at: 'event' }));
        checkedEvents.push(checked.data);
      }
    } catch (err) {
      // A sender's own payload schema (Alertmanager's) refused the body.
      if (err instanceof z.ZodError) return errorResponse(c, schemaError(err, { code: 'VALIDATION' }));
      throw err;
    }
    let recorded = 0;
    let duplicates = 0;
    for (const event of checkedEvents) {
      const result = await opts.ingest.ingestChecked(event);
      if (result.duplicate) duplicates++;
      else recorded++;
    }
    const status = events.length === 0 ? 'ignored' : recorded === 0 ? 'duplicate' : 'accepted';
    return c.json({ status, recorded, duplicates }, recorded > 0 ? 202 : 200);
  });

  return app;
}
