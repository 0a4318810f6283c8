import type { MiddlewareHandler } from 'hono';
import { bodyLimit as streamingBodyLimit } from 'hono/body-limit';
import { HeraldError } from '../core/errors.ts';

/**
 * Refuses a request body larger than `maxBytes` with 413 PAYLOAD_TOO_LARGE.
 * A body with a Content-Length is judged by the header alone: Node's HTTP
 * parser never reads past it, and looking at `c.req.raw.body` (as hono's
 * middleware does first) would turn every request into a full Fetch Request
 * with a web stream over the socket and an abort signal that outlive the
 * request until a full GC; at 20,000 events that was most of the memory the
 * server promoted to its old space (docs/benchmarks.md, "Memory"). Only a
 * chunked body, whose size is known once read, is counted as it streams.
 * HTTP/1.1 without either header means no body (RFC 9112 §6.3).
 */
export function bodyLimit(maxBytes: number): MiddlewareHandler {
  const tooLarge = (): never => { throw new HeraldError('PAYLOAD_TOO_LARGE', `the request body is larger than ${maxBytes} bytes`); };
  const chunked = streamingBodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async (c, next) => {
    if (c.req.header('transfer-encoding') !== undefined) return chunked(c, next);
    const length = c.req.header('content-length');
    if (length !== undefined && Number(length) > maxBytes) tooLarge();
    await next();
  };
}
