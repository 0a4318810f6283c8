import { api } from '../../api/client.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { Time } from '../../components/Time.tsx';
import { useInterval } from '../../components/use-interval.ts';
import { useLoad } from '../../components/use-load.ts';
import { RequestView } from '../webhooks/RequestView.tsx';
import { AttemptList } from './AttemptList.tsx';
import { RedeliverButton } from './RedeliverButton.tsx';

/** One delivery (GET /deliveries/:id): its event, every attempt, and Redeliver. Refreshes while in flight. */
export function DeliveryDetailPanel({ id, canManage, onChanged }: { id: string; canManage: boolean; onChanged: () => void }) {
  const [loaded, reload] = useLoad(() => api.deliveries.get(id), [id]);
  const [request] = useLoad(async () => {
    const d = await api.deliveries.get(id);
    return api.webhooks.preview(d.webhookId, d.eventId);
  }, [id]);
  const inFlight = loaded.state === 'ready' && (loaded.value.status === 'pending' || loaded.value.status === 'delivering');
  useInterval(() => { reload(); onChanged(); }, 1000, inFlight);

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
