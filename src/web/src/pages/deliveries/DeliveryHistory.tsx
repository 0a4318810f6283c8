import { useState } from 'react';
import { api } from '../../api/client.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useInterval } from '../../components/use-interval.ts';
import { useLoad } from '../../components/use-load.ts';
import { DeliveryDetailPanel } from './DeliveryDetailPanel.tsx';
import { DeliveryRow } from './DeliveryRow.tsx';

/** The newest 50 deliveries of a webhook, refreshed every few seconds; a row opens its attempts. */
export function DeliveryHistory({ webhookId, canManage }: { webhookId: string; canManage: boolean }) {
  const [page, reload] = useLoad(() => api.webhooks.deliveries(webhookId, { limit: 50 }), [webhookId]);
  const [selected, setSelected] = useState<string | null>(null);
  useInterval(reload, 3000);

  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title" className="visually-hidden">Delivery history</h2>
      {page.state === 'loading' && <p role="status">Loading deliveries…</p>}
      {page.state === 'error' && <ErrorMessage error={page.error} />}
      {page.state === 'ready' && page.value.items.length === 0 && <p className="empty">No deliveries yet. Send a test event to see one here.</p>}
      {page.state === 'ready' && page.value.items.length > 0 && (
        <table className="table deliveries">
          <caption className="visually-hidden">Deliveries, newest first; choose one to see its attempts</caption>
          <thead>
            <tr>
              <th scope="col">Created</th><th scope="col">Status</th><th scope="col">Status code</th>
              <th scope="col">Attempts</th><th scope="col">Event</th><th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            {page.value.items.map((d) => (
              <DeliveryRow key={d.id} delivery={d} selected={d.id === selected} onSelect={() => setSelected(d.id)} />
            ))}
          </tbody>
        </table>
      )}
      {selected !== null && <DeliveryDetailPanel key={selected} id={selected} canManage={canManage} onChanged={reload} />}
    </section>
  );
}
