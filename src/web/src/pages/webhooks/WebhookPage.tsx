import { api } from '../../api/client.ts';
import { EnabledToggle } from '../../components/EnabledToggle.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Tabs } from '../../components/Tabs.tsx';
import { useLoad } from '../../components/use-load.ts';
import { Link } from '../../router/Link.tsx';
import { useSession } from '../../session/session-context.ts';
import { DeliveryHistory } from '../deliveries/DeliveryHistory.tsx';
import { WebhookForm } from '../webhook-form/WebhookForm.tsx';
import { DeleteWebhook } from './DeleteWebhook.tsx';
import { PreviewPanel } from './PreviewPanel.tsx';
import { TestButton } from './TestButton.tsx';
import { WebhookStatus } from './WebhookStatus.tsx';

/** One webhook: its state and test button above, then its settings or its delivery history. */
export function WebhookPage({ id, tab }: { id: string; tab: 'settings' | 'deliveries' | 'preview' }) {
  const { canManage } = useSession();
  const [loaded, , setLoaded] = useLoad(() => Promise.all([api.webhooks.get(id), api.platforms()]), [id]);

  if (loaded.state === 'loading') return <p role="status">Loading webhook…</p>;
  if (loaded.state === 'error') return <ErrorMessage error={loaded.error} />;
  const [webhook, platforms] = loaded.value;

  return (
    <section aria-labelledby="webhook-title">
      <p className="crumbs"><Link to={{ page: 'webhooks' }}>Webhooks</Link> /</p>
      <div className="page-head">
        <h1 id="webhook-title">{webhook.name}</h1>
        <WebhookStatus webhook={webhook} />
        <EnabledToggle webhook={webhook} canManage={canManage} onChange={(w) => setLoaded([w, platforms])} />
        <span className="push"><DeleteWebhook webhook={webhook} canManage={canManage} /></span>
      </div>
      <p className="muted url-line">{webhook.url}</p>
      <TestButton webhookId={webhook.id} canManage={canManage} />
      <Tabs label="Webhook sections" tabs={[
        { label: 'Settings', to: { page: 'webhook', id, tab: 'settings' }, current: tab === 'settings' },
        { label: 'Delivery history', to: { page: 'webhook', id, tab: 'deliveries' }, current: tab === 'deliveries' },
        { label: 'Message preview', to: { page: 'webhook', id, tab: 'preview' }, current: tab === 'preview' },
      ]} />
      {tab === 'settings' && <WebhookForm original={webhook} platforms={platforms} canManage={canManage} onSaved={(w) => setLoaded([w, platforms])} />}
      {tab === 'deliveries' && <DeliveryHistory webhookId={webhook.id} canManage={canManage} />}
      {tab === 'preview' && <PreviewPanel webhook={webhook} />}
    </section>
  );
}
