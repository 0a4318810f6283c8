import type { z } from 'zod';
import type { EventInput } from '../../core/event.ts';

/**
 * One kind of inbound sender (Alertmanager, GitHub, a generic HMAC signer,
 * Standard Webhooks). A type checks a request's signature, names its delivery
 * id for de-duplication, and turns its payload into events; the app around it
 * does HTTP, recording and answering. Adding a sender: one module and one line
 * in registry.ts.
 */
export interface InboundRequest {
  method: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  rawBody: Buffer;
  query: URLSearchParams;
  /** The parsed JSON body, or for GET the query parameters as an object. */
  payload: unknown;
}

export type Verdict = { ok: true } | { ok: false; reason: string };

export interface SenderType<C extends { name: string }> {
  type: string;
  configSchema: z.ZodType<C>;
  /** Whether the request carries this sender's signature; header/basic/token auth is checked by the app. */
  verify(req: InboundRequest, config: C): Verdict;
  /** The sender's own delivery id (GitHub's X-GitHub-Delivery, webhook-id…) for de-duplication. */
  deliveryId(req: InboundRequest, config: C): string | undefined;
  /** Events to record; an empty list acknowledges without fanning out (e.g. GitHub's ping). */
  toEvents(req: InboundRequest, config: C): EventInput[];
}
