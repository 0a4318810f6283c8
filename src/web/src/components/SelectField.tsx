import { describedBy, FieldError } from './FieldError.tsx';

/** A labelled <select> over fixed choices, with the server's error beneath it. */
export function SelectField<T extends string>({ id, label, value, options, onChange, error, hint, disabled }: {
  id: string; label: string; value: T; options: ReadonlyArray<{ value: T; label: string }>;
  onChange: (value: T) => void; error?: string; hint?: string; disabled?: boolean;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as T)}
        {...describedBy(id, { hint: hint !== undefined, error })}>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
      {hint !== undefined && <p id={`${id}-hint`} className="hint">{hint}</p>}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
