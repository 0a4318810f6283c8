import { useState, type FormEvent } from 'react';
import type { EventQuery } from '../../api/types.ts';
import { TextField } from '../../components/TextField.tsx';
import { FILTER_FIELDS, localToIso } from './event-query.ts';

type Draft = Record<(typeof FILTER_FIELDS)[number]['key'] | 'since' | 'until', string>;
const EMPTY: Draft = { type: '', cluster: '', namespace: '', kind: '', actor: '', since: '', until: '' };

/** The event browser's filters: exact values, and a time range; applied on submit. */
export function EventFilters({ onApply }: { onApply: (q: EventQuery) => void }) {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { since, until, ...fields } = draft;
    onApply({ ...fields, since: localToIso(since), until: localToIso(until) });
  };
  const clear = () => { setDraft(EMPTY); onApply({}); };
  return (
    <form className="filters card" onSubmit={submit} aria-label="Event filters">
      <div className="grid-filters">
        {FILTER_FIELDS.map(({ key, label, placeholder }) => (
          <TextField key={key} id={`ev-${key}`} label={label} value={draft[key]} placeholder={placeholder}
            onChange={(v) => setDraft((d) => ({ ...d, [key]: v }))} />
        ))}
        <TextField id="ev-since" label="From" type="datetime-local" value={draft.since} onChange={(since) => setDraft((d) => ({ ...d, since }))} />
        <TextField id="ev-until" label="Until" type="datetime-local" value={draft.until} onChange={(until) => setDraft((d) => ({ ...d, until }))} />
      </div>
      <div className="actions">
        <button type="submit" className="primary">Apply filters</button>
        <button type="button" onClick={clear}>Clear</button>
      </div>
    </form>
  );
}
