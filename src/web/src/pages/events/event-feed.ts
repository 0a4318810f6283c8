import { useEffect, useRef, useState } from 'react';
import { api } from '../../api/client.ts';
import type { HeraldEvent } from '../../api/types.ts';

export const POLL_MS = 2000;
const PAGE = 1000;
const KEEP = 200;
const BACKLOG_MS = 60 * 60 * 1000;

/**
 * Event ids are time-ordered and double as export cursors (src/core/ids.ts),
 * so the id of a moment is a cursor that skips everything before it.
 */
export function cursorAt(ms: number): string {
  return `evt_${Math.max(0, Math.floor(ms)).toString(36).padStart(9, '0')}`;
}

export interface EventFeed {
  /** Newest first, at most KEEP. */
  events: HeraldEvent[];
  catchingUp: boolean;
  error: unknown;
  lastPolledAt: Date | null;
}

/**
 * The last hour of events, then every new one: polls GET /events?cursor= every
 * 2 s (at once while a full page says more are waiting) and stops while paused.
 */
export function useEventFeed(paused: boolean): EventFeed {
  const [feed, setFeed] = useState<EventFeed>({ events: [], catchingUp: true, error: null, lastPolledAt: null });
  // Where the next poll starts; kept across pauses so nothing is skipped or shown twice.
  const cursor = useRef<string | null>(null);

  useEffect(() => {
    if (paused) return undefined;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    cursor.current ??= cursorAt(Date.now() - BACKLOG_MS);

    const poll = async () => {
      let full = false;
      try {
        const page = await api.events.after(cursor.current, PAGE);
        if (!live) return;
        full = page.items.length === PAGE;
        cursor.current = page.nextCursor ?? cursor.current;
        const fresh = page.items.slice(-KEEP).reverse();
        setFeed((f) => ({
          events: fresh.length === 0 ? f.events : [...fresh, ...f.events].slice(0, KEEP),
          catchingUp: full, error: null, lastPolledAt: new Date(),
        }));
      } catch (error) {
        if (!live) return;
        setFeed((f) => ({ ...f, catchingUp: false, error }));
      }
      timer = setTimeout(() => void poll(), full ? 0 : POLL_MS);
    };
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [paused]);

  return feed;
}
