import { StatusBadge } from '../../components/StatusBadge.tsx';
import { Time } from '../../components/Time.tsx';
import type { Delivery } from '../../api/types.ts';

/** The newest delivery of a webhook in one line: state, HTTP status, when. */
export function LastDelivery({ delivery }: { delivery: Delivery | null | undefined }) {
  if (delivery === undefined) return <span className="muted">…</span>;
  if (delivery === null) return <span className="muted">none yet</span>;
  return (
    <span className="last-delivery">
      <StatusBadge status={delivery.status} />
      {delivery.lastStatusCode !== null && <span className="code">HTTP {delivery.lastStatusCode}</span>}
      <Time iso={delivery.updatedAt} />
    </span>
  );
}
