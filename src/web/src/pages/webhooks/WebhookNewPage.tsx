import { api } from '../../api/client.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useLoad } from '../../components/use-load.ts';
import { Link } from '../../router/Link.tsx';
import { navigate } from '../../router/navigation.ts';
import { pathOf } from '../../router/routes.ts';
import { useSession } from '../../session/session-context.ts';
import { WebhookForm } from '../webhook-form/WebhookForm.tsx';

export function WebhookNewPage() {
  const { canManage } = useSession();
  const [platforms] = useLoad(() => api.platforms(), []);
  return (
    <section aria-labelledby="new-title">
      <p className="crumbs"><Link to={{ page: 'webhooks' }}>Webhooks</Link> /</p>
      <h1 id="new-title">New webhook</h1>
      {platforms.state === 'loading' && <p role="status">Loading platforms…</p>}
      {platforms.state === 'error' && <ErrorMessage error={platforms.error} />}
      {platforms.state === 'ready' && (
        <WebhookForm original={null} platforms={platforms.value} canManage={canManage}
          onSaved={(w) => navigate(pathOf({ page: 'webhook', id: w.id, tab: 'settings' }), { replace: true })} />
      )}
    </section>
  );
}
