import type { Delivery, WebhookView } from '../../api/types.ts';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { Time } from '../../components/Time.tsx';
import { Link } from '../../router/Link.tsx';

/** The deliveries an event caused, each linking to its webhook's history. */
export function EventDeliveries({ deliveries, webhooks }: { deliveries: Delivery[]; webhooks: WebhookView[] }) {
  if (deliveries.length === 0) return <p className="empty">No webhook matched this event, so nothing was sent.</p>;
  const nameOf = (id: string) => webhooks.find((w) => w.id === id)?.name ?? id;
  return (
    <table className="table stack">
      <caption className="visually-hidden">Deliveries this event caused</caption>
      <thead><tr><th scope="col">Webhook</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Created</th></tr></thead>
      <tbody>
        {deliveries.map((d) => (
          <tr key={d.id}>
            <td data-label="Webhook"><Link to={{ page: 'webhook', id: d.webhookId, tab: 'deliveries' }}>{nameOf(d.webhookId)}</Link></td>
            <td data-label="Status"><StatusBadge status={d.status} /></td>
            <td data-label="Attempts">{d.attempts}</td>
            <td data-label="Created"><Time iso={d.createdAt} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
