import { useEffect, useRef, useState } from 'react';

export type LiveState = 'connecting' | 'live' | 'paused' | 'reconnecting';

/**
 * One Server-Sent Events stream of the API (the session cookie rides along,
 * same origin): `onMessage` gets the data of each `name` message.
 * `onConnected` runs on every (re)connect (the server's `ready`), so the page
 * reloads what it shows and nothing that happened while disconnected is
 * missed; EventSource itself retries after a drop. `url` null: paused.
 */
export function useEventSource(url: string | null, name: string, onMessage: (data: string) => void, onConnected: () => void): LiveState {
  const [state, setState] = useState<LiveState>(url === null ? 'paused' : 'connecting');
  const handlers = useRef({ onMessage, onConnected });
  handlers.current = { onMessage, onConnected };

  useEffect(() => {
    if (url === null) { setState('paused'); return undefined; }
    setState('connecting');
    const source = new EventSource(url, { withCredentials: true });
    source.addEventListener('ready', () => { setState('live'); handlers.current.onConnected(); });
    source.addEventListener(name, (m) => handlers.current.onMessage((m as MessageEvent<string>).data));
    source.onerror = () => setState('reconnecting');
    return () => source.close();
  }, [url, name]);

  return state;
}
