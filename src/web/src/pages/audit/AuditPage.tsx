import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { AuditEntry } from '../../api/types.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { TextField } from '../../components/TextField.tsx';
import { Time } from '../../components/Time.tsx';
import { useLoad } from '../../components/use-load.ts';

const matches = (e: AuditEntry, actor: string, action: string) =>
  (actor === '' || e.actor.name.toLowerCase().includes(actor.toLowerCase())) && (action === '' || e.action.startsWith(action));

/**
 * Every change and sign-in, newest first, a page at a time. The filters
 * narrow the pages loaded so far (the audit API pages but does not filter).
 */
export function AuditPage() {
  const [pages, setPages] = useState<AuditEntry[]>([]);
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [first] = useLoad(async () => { const p = await api.audit(); setPages(p.items); return p.nextCursor; }, []);
  const [next, setNext] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const cursor = next === undefined ? (first.state === 'ready' ? first.value : null) : next;

  const more = async () => {
    if (cursor === null) return;
    try { const p = await api.audit(cursor); setPages((l) => [...l, ...p.items]); setNext(p.nextCursor); } catch (err) { setError(err); }
  };
  const shown = pages.filter((e) => matches(e, actor, action));
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      <form className="filters card" aria-label="Audit filters" onSubmit={(e) => e.preventDefault()}>
        <div className="grid-3">
          <TextField id="audit-actor" label="Actor" value={actor} onChange={setActor} placeholder="alice" />
          <TextField id="audit-action" label="Action" value={action} onChange={setAction} placeholder="webhook." hint="Starts with, e.g. webhook. or session.login" />
        </div>
      </form>
      {first.state === 'loading' && <p role="status">Loading the audit log…</p>}
      {first.state === 'error' && <ErrorMessage error={first.error} />}
      <ErrorMessage error={error} />
      {first.state === 'ready' && (
        <table className="table stack">
          <caption className="visually-hidden">Audit entries, newest first</caption>
          <thead><tr><th scope="col">Time</th><th scope="col">Actor</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">What</th></tr></thead>
          <tbody>
            {shown.map((e) => (
              <tr key={e.id}>
                <td data-label="Time"><Time iso={e.at} /></td>
                <td data-label="Actor">{e.actor.name}</td>
                <td data-label="Action" className="mono">{e.action}</td>
                <td data-label="Target">{e.target.type} {e.target.name ?? e.target.id ?? ''}</td>
                <td data-label="What">{e.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor !== null && first.state === 'ready' && <button type="button" onClick={() => void more()}>Load older entries</button>}
    </section>
  );
}
