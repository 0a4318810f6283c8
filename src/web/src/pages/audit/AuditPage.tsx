import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { AuditEntry, AuditQuery } from '../../api/types.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';
import { Time } from '../../components/Time.tsx';
import { useDebounced } from '../../components/use-debounced.ts';
import { useLoad } from '../../components/use-load.ts';
import { localToIso } from '../events/event-query.ts';
import { ACTION_OPTIONS, TARGET_OPTIONS } from './audit-choices.ts';

const EMPTY = { actor: '', action: '', target: '', since: '', until: '' };

/**
 * Every change and sign-in, newest first, a page at a time. The filters are
 * the server's (GET /audit): the actor's exact name, the action, the target
 * type and a time range; "Load older entries" continues under the same filters.
 */
export function AuditPage() {
  const [draft, setDraft] = useState(EMPTY);
  const settled = useDebounced(draft, 300);
  const query: AuditQuery = { ...settled, actor: settled.actor.trim(), since: localToIso(settled.since), until: localToIso(settled.until) };
  const key = JSON.stringify(query);
  const [older, setOlder] = useState<{ key: string; items: AuditEntry[]; cursor: string | null } | null>(null);
  const [first] = useLoad(() => api.audit(query), [key]);
  const [error, setError] = useState<unknown>(null);
  const extra = older?.key === key ? older : null;
  const cursor = extra !== null ? extra.cursor : first.state === 'ready' ? first.value.nextCursor : null;

  const more = async () => {
    if (cursor === null) return;
    try {
      const p = await api.audit(query, cursor);
      setOlder({ key, items: [...(extra?.items ?? []), ...p.items], cursor: p.nextCursor });
    } catch (err) { setError(err); }
  };
  const set = (field: keyof typeof EMPTY) => (value: string) => setDraft((d) => ({ ...d, [field]: value }));
  const shown = first.state === 'ready' ? [...first.value.items, ...(extra?.items ?? [])] : [];
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      <form className="filters card" aria-label="Audit filters" onSubmit={(e) => e.preventDefault()}>
        <div className="grid-filters">
          <TextField id="audit-actor" label="Actor" value={draft.actor} onChange={set('actor')} placeholder="alice" hint="The exact name" />
          <SelectField id="audit-action" label="Action" value={draft.action} options={ACTION_OPTIONS} onChange={set('action')} />
          <SelectField id="audit-target" label="Target" value={draft.target} options={TARGET_OPTIONS} onChange={set('target')} />
          <TextField id="audit-since" label="From" type="datetime-local" value={draft.since} onChange={set('since')} />
          <TextField id="audit-until" label="Until" type="datetime-local" value={draft.until} onChange={set('until')} />
        </div>
      </form>
      {first.state === 'loading' && <p role="status">Loading the audit log…</p>}
      {first.state === 'error' && <ErrorMessage error={first.error} />}
      <ErrorMessage error={error} />
      {first.state === 'ready' && shown.length === 0 && <p className="empty">No entry matches these filters.</p>}
      {shown.length > 0 && (
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
