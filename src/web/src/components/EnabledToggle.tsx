import { useState } from 'react';
import { api } from '../api/client.ts';
import type { WebhookView } from '../api/types.ts';
import { ErrorMessage } from './ErrorMessage.tsx';

/** A switch that turns a webhook on or off with PUT {enabled}; read-only users see it disabled. */
export function EnabledToggle({ webhook, canManage, onChange }: {
  webhook: WebhookView; canManage: boolean; onChange: (next: WebhookView) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      onChange(await api.webhooks.update(webhook.id, { enabled: !webhook.enabled }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="toggle">
      <label className="switch" title={canManage ? undefined : 'Viewers cannot change webhooks'}>
        <input type="checkbox" role="switch" checked={webhook.enabled} disabled={!canManage || busy}
          onChange={() => void toggle()} aria-label={`Enabled: ${webhook.name}`} />
        <span className="switch-text">{webhook.enabled ? 'On' : 'Off'}</span>
      </label>
      <ErrorMessage error={error} />
    </div>
  );
}
