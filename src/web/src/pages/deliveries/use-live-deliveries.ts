import { useEffect, useRef } from 'react';
import { api } from '../../api/client.ts';
import type { DeliveryChange } from '../../api/types.ts';
import { useEventSource, type LiveState } from '../../components/use-event-source.ts';

/** Changes arriving within this long are handed over together: a busy webhook reloads the page a few times a second, not per attempt. */
const COALESCE_MS = 250;

/**
 * A webhook's delivery changes as Herald makes them (GET
 * /webhooks/:id/deliveries/stream), in batches; `onConnected` runs on every
 * (re)connect so the page reloads and misses nothing from while it was away.
 */
export function useLiveDeliveries(webhookId: string, onChanges: (changes: DeliveryChange[]) => void, onConnected: () => void): LiveState {
  const pending = useRef<DeliveryChange[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef(onChanges);
  latest.current = onChanges;
  useEffect(() => () => clearTimeout(timer.current), []);

  return useEventSource(api.webhooks.deliveryStreamUrl(webhookId), 'delivery', (data) => {
    try { pending.current.push(JSON.parse(data) as DeliveryChange); } catch { return; /* a malformed message is skipped */ }
    if (timer.current !== undefined) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      const batch = pending.current;
      pending.current = [];
      latest.current(batch);
    }, COALESCE_MS);
  }, onConnected);
}
