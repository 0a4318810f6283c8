import type { MiddlewareHandler } from 'hono';
import { bodyTooDeep, jsonDeeperThan, MAX_BODY_DEPTH } from '../core/json-depth.ts';

/**
 * Refuses a JSON body nested past MAX_BODY_DEPTH with 400 `body` before any
 * route parses it. Hono keeps the text it read, so the route's validator
 * parses the same body without reading the request twice.
 */
export function jsonDepthLimit(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && /json/i.test(c.req.header('content-type') ?? '')) {
      const text = await c.req.text();
      // Each level takes at least one character, so a body this short cannot be too deep: events need no scan.
      if (text.length > MAX_BODY_DEPTH && jsonDeeperThan(text, MAX_BODY_DEPTH)) throw bodyTooDeep();
    }
    await next();
  };
}
