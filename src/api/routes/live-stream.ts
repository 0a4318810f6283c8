import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { LiveFeed } from '../../app/live-feed.ts';

/** A comment line this often keeps proxies (and Node's idle timeouts) from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;

export interface LiveMessage { event: string; id?: string; data: string }

/**
 * Server-Sent Events from one of the app's live feeds: an `event: ready`
 * first, then one message per item `toMessage` answers for (undefined
 * skips it: another webhook's change). Authenticated like the rest of the
 * API (the middleware ran before this). The console reloads from the API on
 * every `ready`, so what happened while it was disconnected is not lost.
 */
export function liveStream<T>(c: Context, feed: LiveFeed<T>, toMessage: (item: T) => LiveMessage | undefined): Response {
  return streamSSE(c, async (stream) => {
    const queue: LiveMessage[] = [];
    let wake: (() => void) | undefined;
    const unsubscribe = feed.subscribe((item) => {
      const message = toMessage(item);
      if (message === undefined) return;
      queue.push(message);
      wake?.();
    });
    let open = true;
    stream.onAbort(() => { open = false; wake?.(); });
    try {
      await stream.writeSSE({ event: 'ready', data: '{}' });
      while (open) {
        while (queue.length > 0 && open) await stream.writeSSE(queue.shift()!);
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
