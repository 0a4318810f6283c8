import { useEffect, useRef, useState } from 'react';
import { api } from '../../api/client.ts';
import type { HeraldEvent } from '../../api/types.ts';

export type LiveState = 'connecting' | 'live' | 'paused' | 'reconnecting';

/**
 * Server-Sent Events from GET /events/stream (the session cookie rides along,
 * same origin). `onConnected` runs on every (re)connect so the page reloads
 * its list and nothing recorded while disconnected is missed; EventSource
 * itself retries after a drop.
 */
export function useLiveEvents(paused: boolean, onEvent: (e: HeraldEvent) => void, onConnected: () => void): LiveState {
  const [state, setState] = useState<LiveState>(paused ? 'paused' : 'connecting');
  const handlers = useRef({ onEvent, onConnected });
  handlers.current = { onEvent, onConnected };

  useEffect(() => {
    if (paused) { setState('paused'); return undefined; }
    setState('connecting');
    const source = new EventSource(api.events.streamUrl, { withCredentials: true });
    source.addEventListener('ready', () => { setState('live'); handlers.current.onConnected(); });
    source.addEventListener('herald', (m) => {
      try { handlers.current.onEvent(JSON.parse((m as MessageEvent<string>).data) as HeraldEvent); } catch { /* a malformed message is skipped */ }
    });
    source.onerror = () => setState('reconnecting');
    return () => source.close();
  }, [paused]);

  return state;
}
