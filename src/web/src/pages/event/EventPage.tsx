import { api } from '../../api/client.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Time } from '../../components/Time.tsx';
import { useLoad } from '../../components/use-load.ts';
import { Link } from '../../router/Link.tsx';
import { ChangesTable } from './ChangesTable.tsx';
import { EventDeliveries } from './EventDeliveries.tsx';

/** One event: what, where and who, the field diff, and the deliveries it caused. */
export function EventPage({ id }: { id: string }) {
  const [loaded] = useLoad(() => Promise.all([api.events.get(id), api.webhooks.list()]), [id]);
  if (loaded.state === 'loading') return <p role="status">Loading event…</p>;
  if (loaded.state === 'error') return <ErrorMessage error={loaded.error} />;
  const [{ event, deliveries }, webhooks] = loaded.value;
  const what = [event.resource, event.name].filter((s) => s !== '').join(' ');
  return (
    <section aria-labelledby="event-title">
      <p className="crumbs"><Link to={{ page: 'events' }}>Events</Link> /</p>
      <h1 id="event-title"><span className="badge badge-event">{event.event}</span> {what || event.id}</h1>
      {event.summary !== '' && <p className="event-line">{event.summary}</p>}
      <dl className="facts">
        <dt>Time</dt><dd><Time iso={event.timestamp} /></dd>
        <dt>Cluster</dt><dd>{event.cluster || '—'}</dd>
        <dt>Namespace</dt><dd>{event.namespace || '—'}</dd>
        <dt>Actor</dt><dd>{event.actor || 'unknown'}</dd>
        <dt>Source</dt><dd>{event.source}</dd>
        <dt>Id</dt><dd className="mono">{event.id}</dd>
      </dl>
      <h2>What changed</h2>
      <ChangesTable changes={event.changes} />
      <h2>Deliveries</h2>
      <EventDeliveries deliveries={deliveries} webhooks={webhooks} />
    </section>
  );
}
