import { api } from '../../api/client.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { Time } from '../../components/Time.tsx';
import { useLoad } from '../../components/use-load.ts';
import { RequestView } from '../webhooks/RequestView.tsx';
import { AttemptList } from './AttemptList.tsx';
import { RedeliverButton } from './RedeliverButton.tsx';

/**
 * One delivery (GET /deliveries/:id): its event, every attempt, and
 * Redeliver. Read again whenever `refresh` changes (the history heard a change live).
 */
export function DeliveryDetailPanel({ id, refresh, canManage, onChanged }: { id: string; refresh: number; canManage: boolean; onChanged: () => void }) {
  const [loaded, reload] = useLoad(() => api.deliveries.get(id), [id, refresh]);
  const [request] = useLoad(async () => {
    const d = await api.deliveries.get(id);
    return api.webhooks.preview(d.webhookId, d.eventId);
  }, [id]);

  return (
    <section className="delivery-detail card" aria-labelledby="delivery-title" data-testid="delivery-detail">
      <h2 id="delivery-title">Delivery <span className="mono">{id}</span></h2>
      {loaded.state === 'loading' && <p role="status">Loading delivery…</p>}
      {loaded.state === 'error' && <ErrorMessage error={loaded.error} />}
      {loaded.state === 'ready' && (
        <>
          <div className="page-head">
            <StatusBadge status={loaded.value.status} />
            <span>{loaded.value.attempts} attempt{loaded.value.attempts === 1 ? '' : 's'}</span>
            <RedeliverButton delivery={loaded.value} canManage={canManage} onRedelivered={() => { reload(); onChanged(); }} />
          </div>
          {loaded.value.event !== null && (
            <p className="event-line">
              <strong>{loaded.value.event.event}</strong> {loaded.value.event.summary || `${loaded.value.event.resource} ${loaded.value.event.name}`}
            </p>
          )}
          {loaded.value.status === 'pending' && loaded.value.attempts > 0 && (
            <p>Next retry at <Time iso={loaded.value.nextAttemptAt} />.</p>
          )}
          <h3>Attempts</h3>
          <AttemptList attempts={loaded.value.attemptLog} />
          {request.state === 'ready' && <RequestView preview={request.value} title="Request sent (rendered again from the event)" />}
          {request.state === 'error' && <ErrorMessage error={request.error} />}
        </>
      )}
    </section>
  );
}
