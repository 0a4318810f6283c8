import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { Delivery, DeliveryStatus } from '../../api/types.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useInterval } from '../../components/use-interval.ts';
import { useLoad } from '../../components/use-load.ts';
import { DeliveryDetailPanel } from './DeliveryDetailPanel.tsx';
import { DeliveryRow } from './DeliveryRow.tsx';
import { RecoverFailed } from './RecoverFailed.tsx';

type StatusChoice = DeliveryStatus | '';
const STATUS_OPTIONS: ReadonlyArray<{ value: StatusChoice; label: string }> = [
  { value: '', label: 'Any status' }, { value: 'failed', label: 'Failed' }, { value: 'pending', label: 'Pending' },
  { value: 'delivering', label: 'Delivering' }, { value: 'succeeded', label: 'Succeeded' },
];

const found = (d: Delivery, text: string) => {
  const t = text.trim().toLowerCase();
  return t === '' || [d.id, d.eventId, d.lastError ?? '', String(d.lastStatusCode ?? '')].some((s) => s.toLowerCase().includes(t));
};

/**
 * A webhook's deliveries, newest first: the status filter asks the server,
 * the search narrows what is loaded (id, event id, error, status code),
 * "Load older" follows the cursor. The newest page refreshes every 3 s.
 */
export function DeliveryHistory({ webhookId, canManage }: { webhookId: string; canManage: boolean }) {
  const [status, setStatus] = useState<StatusChoice>('');
  const [search, setSearch] = useState('');
  const [older, setOlder] = useState<{ items: Delivery[]; cursor: string | null } | null>(null);
  const [first, reload] = useLoad(() => api.webhooks.deliveries(webhookId, { limit: 50, ...(status === '' ? {} : { status }) }), [webhookId, status]);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  useInterval(reload, 3000);

  const cursor = older?.cursor ?? (first.state === 'ready' ? first.value.nextCursor : null);
  const loadOlder = async () => {
    if (cursor === null) return;
    try {
      const p = await api.webhooks.deliveries(webhookId, { limit: 50, cursor, ...(status === '' ? {} : { status }) });
      setOlder((o) => ({ items: [...(o?.items ?? []), ...p.items], cursor: p.nextCursor }));
    } catch (err) { setError(err); }
  };
  const items = first.state === 'ready' ? [...first.value.items, ...(older?.items ?? []).filter((d) => !first.value.items.some((x) => x.id === d.id))] : [];
  const shown = items.filter((d) => found(d, search));

  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title" className="visually-hidden">Delivery history</h2>
      <div className="toolbar">
        <SelectField id="dl-status" label="Status" value={status} options={STATUS_OPTIONS} onChange={(s) => { setStatus(s); setOlder(null); }} />
        <TextField id="dl-search" label="Search" type="search" value={search} onChange={setSearch} placeholder="id, event, error or code" />
        {canManage && <RecoverFailed webhookId={webhookId} onRecovered={reload} />}
      </div>
      {first.state === 'loading' && <p role="status">Loading deliveries…</p>}
      {first.state === 'error' && <ErrorMessage error={first.error} />}
      <ErrorMessage error={error} />
      {first.state === 'ready' && shown.length === 0 && <p className="empty">{items.length === 0 ? 'No deliveries yet. Send a test event to see one here.' : 'No loaded delivery matches the search.'}</p>}
      {shown.length > 0 && (
        <table className="table deliveries stack">
          <caption className="visually-hidden">Deliveries, newest first; choose one to see its attempts</caption>
          <thead>
            <tr>
              <th scope="col">Created</th><th scope="col">Status</th><th scope="col">Status code</th><th scope="col">Attempts</th>
              <th scope="col">Next retry</th><th scope="col">Event</th><th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((d) => <DeliveryRow key={d.id} delivery={d} selected={d.id === selected} onSelect={() => setSelected(d.id)} />)}
          </tbody>
        </table>
      )}
      {cursor !== null && <button type="button" onClick={() => void loadOlder()}>Load older deliveries</button>}
      {selected !== null && <DeliveryDetailPanel key={selected} id={selected} canManage={canManage} onChanged={reload} />}
    </section>
  );
}
