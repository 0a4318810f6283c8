import { newHeaderRow, type HeaderRow } from './delivery-settings.ts';
import { FieldError } from '../../components/FieldError.tsx';

/** Extra request headers, one row each; a secret one is sealed, never shown, and kept when left blank. */
export function HeaderRows({ rows, onChange, errorFor }: {
  rows: HeaderRow[]; onChange: (rows: HeaderRow[]) => void; errorFor: (key: string) => string | undefined;
}) {
  const update = (i: number, patch: Partial<HeaderRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="header-rows">
      <p className="label" id="wh-headers-label">Custom headers</p>
      {rows.length === 0 && <p className="hint">None.</p>}
      {rows.map((r, i) => {
        const error = errorFor(`headers.${r.name.trim()}`);
        return (
          <div className="header-row" key={r.rowId} role="group" aria-label={`Header ${i + 1}`}>
            <label htmlFor={`wh-h-name-${r.rowId}`} className="visually-hidden">Header {i + 1} name</label>
            <input id={`wh-h-name-${r.rowId}`} value={r.name} placeholder="X-Api-Key" onChange={(e) => update(i, { name: e.target.value })} />
            <label htmlFor={`wh-h-value-${r.rowId}`} className="visually-hidden">Header {i + 1} value</label>
            <input id={`wh-h-value-${r.rowId}`} value={r.value} type={r.secret ? 'password' : 'text'} autoComplete="off"
              placeholder={r.stored ? 'Set; leave blank to keep' : 'value'} onChange={(e) => update(i, { value: e.target.value })}
              aria-invalid={error !== undefined ? true : undefined} aria-describedby={error !== undefined ? `wh-h-${r.rowId}-error` : undefined} />
            <label className="check">
              <input type="checkbox" checked={r.secret} onChange={(e) => update(i, { secret: e.target.checked, stored: e.target.checked && r.stored })} /> Secret
            </label>
            <button type="button" onClick={() => onChange(rows.filter((_, j) => j !== i))} aria-label={`Remove header ${i + 1}`}>Remove</button>
            <FieldError id={`wh-h-${r.rowId}-error`} message={error} />
          </div>
        );
      })}
      <button type="button" onClick={() => onChange([...rows, newHeaderRow()])}>Add header</button>
    </div>
  );
}
