import type { InputHTMLAttributes } from 'react';
import { describedBy, FieldError } from './FieldError.tsx';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value' | 'id'> & {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  error?: string;
};

/** A labelled text input with an optional hint and the server's error beneath it. */
export function TextField({ id, label, value, onChange, hint, error, className, ...rest }: Props) {
  return (
    <div className={`field${className === undefined ? '' : ` ${className}`}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} value={value} onChange={(e) => onChange(e.target.value)}
        {...describedBy(id, { hint: hint !== undefined, error })} {...rest} />
      {hint !== undefined && <p id={`${id}-hint`} className="hint">{hint}</p>}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
