import type { Delivery } from '../../api/types.ts';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { Time } from '../../components/Time.tsx';
import { Link } from '../../router/Link.tsx';

/** One delivery in the history; the time opens its attempts, the event link its detail. */
export function DeliveryRow({ delivery, selected, onSelect }: { delivery: Delivery; selected: boolean; onSelect: () => void }) {
  const waiting = delivery.status === 'pending' && delivery.attempts > 0;
  return (
    // The row is a large mouse target; the button inside is the keyboard's way in.
    <tr className={selected ? 'selected' : undefined} onClick={onSelect} data-delivery-id={delivery.id}>
      <td data-label="Created">
        <button type="button" className="link" aria-pressed={selected} onClick={(e) => { e.stopPropagation(); onSelect(); }}>
          <Time iso={delivery.createdAt} />
        </button>
      </td>
      <td data-label="Status"><StatusBadge status={delivery.status} /></td>
      <td data-label="Status code" data-testid="delivery-status-code">{delivery.lastStatusCode ?? '—'}</td>
      <td data-label="Attempts">{delivery.attempts}</td>
      <td data-label="Next retry">{waiting ? <Time iso={delivery.nextAttemptAt} /> : '—'}</td>
      <td data-label="Event"><Link to={{ page: 'event', id: delivery.eventId }}>Open event</Link></td>
      <td data-label="Last error" className="error-text">{delivery.lastError ?? ''}</td>
    </tr>
  );
}
