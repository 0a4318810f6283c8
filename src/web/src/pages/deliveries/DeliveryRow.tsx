import type { Delivery } from '../../api/types.ts';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { Time } from '../../components/Time.tsx';

/** One delivery in the history; the whole row opens its attempts. */
export function DeliveryRow({ delivery, selected, onSelect }: { delivery: Delivery; selected: boolean; onSelect: () => void }) {
  return (
    <tr className={selected ? 'selected' : undefined} onClick={onSelect} data-delivery-id={delivery.id}>
      <td>
        <button type="button" className="link" aria-pressed={selected} onClick={(e) => { e.stopPropagation(); onSelect(); }}>
          <Time iso={delivery.createdAt} />
        </button>
      </td>
      <td><StatusBadge status={delivery.status} /></td>
      <td data-testid="delivery-status-code">{delivery.lastStatusCode ?? '—'}</td>
      <td>{delivery.attempts}</td>
      <td className="mono">{delivery.eventId}</td>
      <td className="error-text">{delivery.lastError ?? ''}</td>
    </tr>
  );
}
