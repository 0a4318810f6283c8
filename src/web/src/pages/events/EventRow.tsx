import type { HeraldEvent } from '../../api/types.ts';
import { Time } from '../../components/Time.tsx';

/** One event: when, what, where, who, and the sentence a person reads first. */
export function EventRow({ event }: { event: HeraldEvent }) {
  const where = [event.cluster, event.namespace].filter((s) => s !== '').join(' / ');
  const what = [event.resource, event.name].filter((s) => s !== '').join(' ');
  return (
    <tr data-event-id={event.id}>
      <td><Time iso={event.timestamp} /></td>
      <td><span className="badge badge-event">{event.event}</span></td>
      <td>{event.source}</td>
      <td>{where}</td>
      <td>{what}</td>
      <td>{event.actor}</td>
      <td className="summary">{event.summary}
        {event.silencedBy !== undefined && <> <span className="badge badge-paused" title={event.silencedBy.join(', ')}>muted by {event.silencedBy.join(', ')}</span></>}
      </td>
    </tr>
  );
}
