import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { Preview, TestResult } from '../../api/types.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { RequestView } from './RequestView.tsx';
import { TestResultView } from './TestResultView.tsx';

/** Sends a test event to one webhook now (POST /webhooks/:id/test) and shows the answer. */
export function TestButton({ webhookId, canManage, onTested }: { webhookId: string; canManage: boolean; onTested?: () => void }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TestResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState<Preview | null>(null);

  const run = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    setSent(null);
    try {
      const r = await api.webhooks.test(webhookId);
      setResult(r);
      onTested?.();
      // The test event rendered again the same way: the request the receiver got, credentials masked.
      setSent(await api.webhooks.preview(webhookId, r.delivery.eventId));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="test">
      <button type="button" onClick={() => void run()} disabled={!canManage || busy}
        title={canManage ? undefined : 'Viewers cannot send test events'}>
        {busy ? 'Sending test…' : 'Send test event'}
      </button>
      <ErrorMessage error={error} />
      {result !== null && <TestResultView result={result} />}
      {sent !== null && <RequestView preview={sent} title="Request sent" />}
    </div>
  );
}
