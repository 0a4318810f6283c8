import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Delivery, PlatformInfo, WebhookView } from '../../api/types.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useLoad } from '../../components/use-load.ts';
import { Link } from '../../router/Link.tsx';
import { useSession } from '../../session/session-context.ts';
import { WebhookRow } from './WebhookRow.tsx';

/** Settings → Webhooks: every webhook with its platform, URL, state and newest delivery. */
export function WebhooksPage() {
  const { canManage } = useSession();
  const [loaded, , setWebhooks] = useLoad(() => Promise.all([api.webhooks.list(), api.platforms()]), []);
  const [last, setLast] = useState<Record<string, Delivery | null>>({});

  const webhooks = loaded.state === 'ready' ? loaded.value[0] : [];
  const platforms: PlatformInfo[] = loaded.state === 'ready' ? loaded.value[1] : [];
  const ids = webhooks.map((w) => w.id).join(',');

  useEffect(() => {
    let live = true;
    for (const id of ids === '' ? [] : ids.split(',')) {
      api.webhooks.deliveries(id, { limit: 1 })
        .then((page) => { if (live) setLast((m) => ({ ...m, [id]: page.items[0] ?? null })); })
        .catch(() => { /* the list still works without it */ });
    }
    return () => { live = false; };
  }, [ids]);

  const replace = (next: WebhookView) => {
    if (loaded.state !== 'ready') return;
    setWebhooks([loaded.value[0].map((w) => (w.id === next.id ? next : w)), platforms]);
  };
  const labelOf = (id: string) => platforms.find((p) => p.id === id)?.label ?? id;

  return (
    <section aria-labelledby="webhooks-title">
      <div className="page-head">
        <h1 id="webhooks-title">Webhooks</h1>
        {canManage && <Link className="button primary push" to={{ page: 'webhook-new' }}>New webhook</Link>}
      </div>
      {loaded.state === 'loading' && <p role="status">Loading webhooks…</p>}
      {loaded.state === 'error' && <ErrorMessage error={loaded.error} />}
      {loaded.state === 'ready' && webhooks.length === 0 && (
        <p className="empty">No webhooks yet.{canManage ? ' Create one to start sending events.' : ''}</p>
      )}
      {webhooks.length > 0 && (
        <table className="table stack">
          <thead>
            <tr>
              <th scope="col">Name</th><th scope="col">Platform</th><th scope="col">URL</th>
              <th scope="col">Status</th><th scope="col">Last delivery</th><th scope="col">Enabled</th>
              <th scope="col"><span className="visually-hidden">Links</span></th>
            </tr>
          </thead>
          <tbody>
            {webhooks.map((w) => (
              <WebhookRow key={w.id} webhook={w} platformLabel={labelOf(w.platform)} lastDelivery={last[w.id]}
                canManage={canManage} onChange={replace} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
