import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { TextField } from '../../components/TextField.tsx';
import { localToIso } from '../events/event-query.ts';

const dayAgo = () => {
  const d = new Date(Date.now() - 24 * 3600_000);
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/** "Recover failed since": sends every failed delivery created since a time again (after an outage). */
export function RecoverFailed({ webhookId, onRecovered }: { webhookId: string; onRecovered: () => void }) {
  const [since, setSince] = useState(dayAgo);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setResult(null);
    const iso = localToIso(since);
    if (iso === undefined) { setError(new Error('Choose a date and time.')); return; }
    try {
      const r = await api.webhooks.recover(webhookId, iso);
      setResult(`${r.recovered} failed deliver${r.recovered === 1 ? 'y' : 'ies'} queued again.`);
      onRecovered();
    } catch (err) { setError(err); }
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-label="Recover failed deliveries">
      <TextField id="recover-since" label="Recover failed since" type="datetime-local" value={since} onChange={setSince} />
      <button type="submit">Recover failed</button>
      {result !== null && <span role="status" className="ok">{result}</span>}
      <ErrorMessage error={error} />
    </form>
  );
}
