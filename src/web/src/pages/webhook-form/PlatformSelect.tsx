import type { PlatformInfo } from '../../api/types.ts';
import { describedBy, FieldError } from '../../components/FieldError.tsx';

/** Every platform the server lists, in its order; an unknown current value is kept selectable. */
export function PlatformSelect({ value, platforms, onChange, error }: {
  value: string; platforms: PlatformInfo[]; onChange: (id: string) => void; error?: string;
}) {
  const options = platforms.some((p) => p.id === value) || value === '' ? platforms : [...platforms, { id: value, label: value }];
  return (
    <div className="field">
      <label htmlFor="wh-platform">Platform</label>
      <select id="wh-platform" value={value} onChange={(e) => onChange(e.target.value)} {...describedBy('wh-platform', { error })}>
        {options.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
      </select>
      <FieldError id="wh-platform-error" message={error} />
    </div>
  );
}
