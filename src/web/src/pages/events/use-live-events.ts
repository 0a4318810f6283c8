import { api } from '../../api/client.ts';
import type { HeraldEvent } from '../../api/types.ts';
import { useEventSource, type LiveState } from '../../components/use-event-source.ts';

export type { LiveState } from '../../components/use-event-source.ts';

/** Events as Herald records them (GET /events/stream); `onConnected` reloads the list on every (re)connect. */
export function useLiveEvents(paused: boolean, onEvent: (e: HeraldEvent) => void, onConnected: () => void): LiveState {
  return useEventSource(paused ? null : api.events.streamUrl, 'herald', (data) => {
    try { onEvent(JSON.parse(data) as HeraldEvent); } catch { /* a malformed message is skipped */ }
  }, onConnected);
}
