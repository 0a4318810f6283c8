import { FieldError } from '../../components/FieldError.tsx';
import { EVENT_TYPES } from './event-types.ts';

const split = (s: string) => s.split(',').map((x) => x.trim()).filter((x) => x !== '');

/**
 * Event types as a choice: "All", or ticked known types plus any others
 * (e.g. github.push). The value stays the form's comma list.
 */
export function EventTypeChoice({ value, onChange, error }: { value: string; onChange: (v: string) => void; error?: string }) {
  const items = split(value);
  const all = items.length === 0 || items.includes('*');
  const known = items.filter((x) => (EVENT_TYPES as readonly string[]).includes(x));
  const others = items.filter((x) => x !== '*' && !(EVENT_TYPES as readonly string[]).includes(x));
  const emit = (k: string[], o: string[]) => onChange([...k, ...o].join(', ') || '*');
  const toggle = (t: string, on: boolean) => emit(on ? [...known, t] : known.filter((x) => x !== t), others);
  return (
    <fieldset className="event-types" aria-describedby={error !== undefined ? 'wh-events-error' : undefined}>
      <legend>Event types</legend>
      <label className="check"><input type="checkbox" checked={all} onChange={(e) => onChange(e.target.checked ? '*' : 'create')} /> All event types</label>
      {!all && (
        <>
          <div className="chips">
            {EVENT_TYPES.map((t) => (
              <label className="check" key={t}><input type="checkbox" checked={known.includes(t)} onChange={(e) => toggle(t, e.target.checked)} /> {t}</label>
            ))}
          </div>
          <div className="field">
            <label htmlFor="wh-events-other">Other types</label>
            <input id="wh-events-other" value={others.join(', ')} placeholder="github.push, argo.sync" onChange={(e) => emit(known, split(e.target.value))} />
          </div>
        </>
      )}
      <FieldError id="wh-events-error" message={error} />
    </fieldset>
  );
}
