import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HeraldError } from '../core/errors.ts';

/**
 * Refuses a request body over `maxBytes` with 413. A body that states its
 * Content-Length is judged by that header alone (Node's HTTP parser never
 * reads past it); only a chunked body is counted as it streams, by Hono's
 * bodyLimit. Hono's middleware touches `request.body` first, which makes
 * @hono/node-server build a web Request and stream for every POST: ~8% of
 * the main thread's CPU per event in a profile of `POST /api/v1/events`, and
 * those Requests, streams and abort signals outlived their requests until a
 * full GC: at 20,000 events, most of what the heap promoted to old space
 * (peak RSS 356 → 221 MiB without them; docs/benchmarks.md, "Memory").
 */
export function bodySizeLimit(maxBytes: number): MiddlewareHandler {
  const tooLarge = () => new HeraldError('PAYLOAD_TOO_LARGE', `the request body is larger than ${maxBytes} bytes`);
  const streamed = bodyLimit({ maxSize: maxBytes, onError: () => { throw tooLarge(); } });
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return streamed(c, next);
    if (Number.parseInt(length, 10) > maxBytes) throw tooLarge();
    return next();
  };
}
