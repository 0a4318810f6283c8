import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { HeraldEvent } from '../../core/event.ts';
import type { LiveEvents } from '../../app/live-events.ts';

/** A comment line this often keeps proxies (and Node's idle timeouts) from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;

/**
 * GET /api/v1/events/stream: Server-Sent Events, one `event: herald` message
 * per event this process records, its id the event id. Authenticated like
 * the rest of the API (the middleware ran before this). The console reloads
 * the list on (re)connect, so an event missed while disconnected is not lost.
 */
export function eventStream(c: Context, live: LiveEvents): Response {
  return streamSSE(c, async (stream) => {
    const queue: HeraldEvent[] = [];
    let wake: (() => void) | undefined;
    const unsubscribe = live.subscribe((event) => { queue.push(event); wake?.(); });
    let open = true;
    stream.onAbort(() => { open = false; wake?.(); });
    try {
      await stream.writeSSE({ event: 'ready', data: '{}' });
      while (open) {
        while (queue.length > 0 && open) {
          const event = queue.shift()!;
          await stream.writeSSE({ event: 'herald', id: event.id, data: JSON.stringify(event) });
        }
        if (!open) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, KEEPALIVE_MS);
          wake = () => { clearTimeout(timer); resolve(); };
        });
        wake = undefined;
        if (open && queue.length === 0) await stream.write(': keep-alive\n\n');
      }
    } finally {
      unsubscribe();
    }
  });
}
