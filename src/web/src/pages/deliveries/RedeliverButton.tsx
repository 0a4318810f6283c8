import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { Delivery } from '../../api/types.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';

/** Sends a finished delivery again, with the same webhook-id so receivers can de-duplicate. */
export function RedeliverButton({ delivery, canManage, onRedelivered }: {
  delivery: Delivery; canManage: boolean; onRedelivered: (d: Delivery) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const finished = delivery.status === 'succeeded' || delivery.status === 'failed';

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      onRedelivered(await api.deliveries.redeliver(delivery.id));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="redeliver">
      <button type="button" onClick={() => void run()} disabled={!canManage || busy || !finished}
        title={!canManage ? 'Viewers cannot redeliver' : finished ? undefined : 'Only finished deliveries can be sent again'}>
        {busy ? 'Redelivering…' : 'Redeliver'}
      </button>
      <ErrorMessage error={error} />
    </div>
  );
}
