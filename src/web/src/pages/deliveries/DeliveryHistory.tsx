import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { Delivery, DeliveryQuery, DeliveryStatus } from '../../api/types.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useDebounced } from '../../components/use-debounced.ts';
import type { LiveState } from '../../components/use-event-source.ts';
import { useLoad } from '../../components/use-load.ts';
import { localToIso } from '../events/event-query.ts';
import { DeliveryDetailPanel } from './DeliveryDetailPanel.tsx';
import { DeliveryRow } from './DeliveryRow.tsx';
import { RecoverFailed } from './RecoverFailed.tsx';
import { useLiveDeliveries } from './use-live-deliveries.ts';

type StatusChoice = DeliveryStatus | '';
const STATUS_OPTIONS: ReadonlyArray<{ value: StatusChoice; label: string }> = [
  { value: '', label: 'Any status' }, { value: 'failed', label: 'Failed' }, { value: 'pending', label: 'Pending' },
  { value: 'delivering', label: 'Delivering' }, { value: 'succeeded', label: 'Succeeded' },
];
const LIVE_TEXT: Record<LiveState, string> = {
  connecting: 'Connecting…', live: 'Live', paused: 'Paused', reconnecting: 'Connection lost; reconnecting…',
};
const EMPTY = { status: '' as StatusChoice, q: '', since: '', until: '' };

/**
 * A webhook's deliveries, newest first. Every filter is the server's (status,
 * search, time range; GET /webhooks/:id/deliveries), the search asked once
 * typing pauses; "Load older" follows the cursor under the same filters.
 * Live by Server-Sent Events: a change to this webhook's deliveries reloads
 * the newest page and the open delivery, and so does every (re)connect, so
 * nothing is missed and nothing is polled.
 */
export function DeliveryHistory({ webhookId, canManage }: { webhookId: string; canManage: boolean }) {
  const [draft, setDraft] = useState(EMPTY);
  const settled = useDebounced(draft, 300);
  // The status applies at once; only typed text waits.
  const query: DeliveryQuery = {
    ...(draft.status === '' ? {} : { status: draft.status }), q: settled.q.trim(), since: localToIso(settled.since), until: localToIso(settled.until),
  };
  const key = JSON.stringify(query);
  const [older, setOlder] = useState<{ key: string; items: Delivery[]; cursor: string | null } | null>(null);
  const [first, reload] = useLoad(() => api.webhooks.deliveries(webhookId, { limit: 50, ...query }), [webhookId, key]);
  const [selected, setSelected] = useState<string | null>(null);
  const [changes, setChanges] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const refresh = () => { reload(); setChanges((n) => n + 1); };
  const live = useLiveDeliveries(webhookId, refresh, refresh);

  const extra = older?.key === key ? older : null;
  const cursor = extra !== null ? extra.cursor : first.state === 'ready' ? first.value.nextCursor : null;
  const loadOlder = async () => {
    if (cursor === null) return;
    try {
      const p = await api.webhooks.deliveries(webhookId, { limit: 50, cursor, ...query });
      setOlder({ key, items: [...(extra?.items ?? []), ...p.items], cursor: p.nextCursor });
    } catch (err) { setError(err); }
  };
  const items = first.state === 'ready' ? [...first.value.items, ...(extra?.items ?? []).filter((d) => !first.value.items.some((x) => x.id === d.id))] : [];
  const filtered = draft.status !== '' || query.q !== '' || query.since !== undefined || query.until !== undefined;
  const set = <K extends keyof typeof EMPTY>(field: K) => (value: (typeof EMPTY)[K]) => setDraft((d) => ({ ...d, [field]: value }));

  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title" className="visually-hidden">Delivery history</h2>
      <div className="toolbar">
        <SelectField id="dl-status" label="Status" value={draft.status} options={STATUS_OPTIONS} onChange={set('status')} />
        <TextField id="dl-search" label="Search" type="search" value={draft.q} onChange={set('q')} placeholder="id, event name, namespace or error" />
        <TextField id="dl-since" label="From" type="datetime-local" value={draft.since} onChange={set('since')} />
        <TextField id="dl-until" label="Until" type="datetime-local" value={draft.until} onChange={set('until')} />
        {canManage && <RecoverFailed webhookId={webhookId} onRecovered={reload} />}
      </div>
      <p className="muted" role="status" data-testid="deliveries-live">{LIVE_TEXT[live]}</p>
      {first.state === 'loading' && <p role="status">Loading deliveries…</p>}
      {first.state === 'error' && <ErrorMessage error={first.error} />}
      <ErrorMessage error={error} />
      {first.state === 'ready' && items.length === 0 && <p className="empty">{filtered ? 'No delivery matches these filters.' : 'No deliveries yet. Send a test event to see one here.'}</p>}
      {items.length > 0 && (
        <table className="table deliveries stack">
          <caption className="visually-hidden">Deliveries, newest first; choose one to see its attempts</caption>
          <thead>
            <tr>
              <th scope="col">Created</th><th scope="col">Status</th><th scope="col">Status code</th><th scope="col">Attempts</th>
              <th scope="col">Next retry</th><th scope="col">Event</th><th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => <DeliveryRow key={d.id} delivery={d} selected={d.id === selected} onSelect={() => setSelected(d.id)} />)}
          </tbody>
        </table>
      )}
      {cursor !== null && <button type="button" onClick={() => void loadOlder()}>Load older deliveries</button>}
      {selected !== null && <DeliveryDetailPanel key={selected} id={selected} refresh={changes} canManage={canManage} onChanged={reload} />}
    </section>
  );
}
