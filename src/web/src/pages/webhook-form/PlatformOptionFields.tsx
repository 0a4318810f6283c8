import type { PlatformField } from '../../api/types.ts';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';

/**
 * The selected platform's own settings (Telegram's chat id, …), built from the
 * fields GET /api/v1/platforms lists, so a new platform needs no console change.
 */
export function PlatformOptionFields({ fields, options, onChange, errorFor }: {
  fields: readonly PlatformField[]; options: Record<string, string>;
  onChange: (options: Record<string, string>) => void; errorFor: (key: string) => string | undefined;
}) {
  const own = fields.filter((f) => f.name.startsWith('platformOptions.'));
  return (
    <>
      {own.map((field) => {
        const key = field.name.slice('platformOptions.'.length);
        const id = `wh-opt-${key}`;
        const value = options[key] ?? '';
        const set = (v: string) => onChange({ ...options, [key]: v });
        const label = field.required ? field.label : `${field.label} (optional)`;
        const hint = field.description === '' ? undefined : field.description;
        if (field.type === 'enum' || field.type === 'boolean') {
          const values = field.type === 'boolean' ? ['true', 'false'] : field.values ?? [];
          const choices = [{ value: '', label: field.required ? 'Choose…' : 'Platform default' }, ...values.map((v) => ({ value: v, label: v }))];
          return <SelectField key={key} id={id} label={label} value={value} options={choices} onChange={set} hint={hint} error={errorFor(field.name)} />;
        }
        return (
          <TextField key={key} id={id} label={label} value={value} onChange={set} hint={hint} error={errorFor(field.name)}
            inputMode={field.type === 'integer' || field.type === 'number' ? 'decimal' : undefined} required={field.required}
            placeholder={field.example} />
        );
      })}
    </>
  );
}
