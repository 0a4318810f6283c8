import type { HeraldEvent } from '../../api/types.ts';
import { Time } from '../../components/Time.tsx';
import { Link } from '../../router/Link.tsx';

/** One event: when (a link to its detail), what, where, who, and the sentence a person reads first. */
export function EventRow({ event }: { event: HeraldEvent }) {
  const where = [event.cluster, event.namespace].filter((s) => s !== '').join(' / ');
  const what = [event.resource, event.name].filter((s) => s !== '').join(' ');
  return (
    <tr data-event-id={event.id}>
      <td data-label="Time"><Link to={{ page: 'event', id: event.id }}><Time iso={event.timestamp} /></Link></td>
      <td data-label="Type"><span className="badge badge-event">{event.event}</span></td>
      <td data-label="Source">{event.source}</td>
      <td data-label="Where">{where}</td>
      <td data-label="Resource">{what}</td>
      <td data-label="Actor">{event.actor}</td>
      <td data-label="Summary" className="summary">{event.summary}
        {event.silencedBy !== undefined && <> <span className="badge badge-paused" title={event.silencedBy.join(', ')}>muted by {event.silencedBy.join(', ')}</span></>}
      </td>
    </tr>
  );
}
