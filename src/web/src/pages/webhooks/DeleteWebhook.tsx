import { api } from '../../api/client.ts';
import type { WebhookView } from '../../api/types.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { navigate } from '../../router/navigation.ts';
import { pathOf } from '../../router/routes.ts';

/** Deletes a webhook and its delivery history after asking; back to the list. */
export function DeleteWebhook({ webhook, canManage }: { webhook: WebhookView; canManage: boolean }) {
  if (!canManage) return null;
  return (
    <ConfirmButton label="Delete webhook" question={`Delete webhook "${webhook.name}" and its delivery history? This cannot be undone.`}
      confirmLabel={`Yes, delete ${webhook.name}`}
      onConfirm={async () => { await api.webhooks.remove(webhook.id); navigate(pathOf({ page: 'webhooks' })); }} />
  );
}
