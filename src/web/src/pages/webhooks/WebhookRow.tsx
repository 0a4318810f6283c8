import type { Delivery, WebhookView } from '../../api/types.ts';
import { EnabledToggle } from '../../components/EnabledToggle.tsx';
import { Link } from '../../router/Link.tsx';
import { LastDelivery } from './LastDelivery.tsx';
import { WebhookStatus } from './WebhookStatus.tsx';

export function WebhookRow({ webhook, platformLabel, lastDelivery, canManage, onChange }: {
  webhook: WebhookView;
  platformLabel: string;
  lastDelivery: Delivery | null | undefined;
  canManage: boolean;
  onChange: (next: WebhookView) => void;
}) {
  return (
    <tr data-webhook-id={webhook.id}>
      <td data-label="Name"><Link to={{ page: 'webhook', id: webhook.id, tab: 'settings' }}>{webhook.name}</Link></td>
      <td data-label="Platform">{platformLabel}</td>
      <td data-label="URL" className="url" title={webhook.url}>{webhook.url}</td>
      <td data-label="Status"><WebhookStatus webhook={webhook} /></td>
      <td data-label="Last delivery"><LastDelivery delivery={lastDelivery} /></td>
      <td data-label="Enabled"><EnabledToggle webhook={webhook} canManage={canManage} onChange={onChange} /></td>
      <td data-label="Links"><Link to={{ page: 'webhook', id: webhook.id, tab: 'deliveries' }}>History</Link></td>
    </tr>
  );
}
