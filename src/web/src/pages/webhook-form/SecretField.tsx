import { TextField } from '../../components/TextField.tsx';

/**
 * The signing secret is write-only: the page only knows whether one is set.
 * Typing a new one replaces it (the old one keeps signing for a grace period).
 */
export function SecretField({ hasSecret, value, remove, onChange, onRemoveChange, error }: {
  hasSecret: boolean; value: string; remove: boolean;
  onChange: (v: string) => void; onRemoveChange: (v: boolean) => void; error?: string;
}) {
  return (
    <div className="secret">
      <p className="secret-state">Signing secret: <strong data-testid="secret-state">{hasSecret ? 'set' : 'not set'}</strong></p>
      <TextField id="wh-secret" label={hasSecret ? 'New signing secret' : 'Signing secret'} type="password" autoComplete="new-password"
        value={value} onChange={onChange} disabled={remove} error={error}
        hint={hasSecret ? 'Leave blank to keep the current secret.' : 'At least 8 characters. Leave blank to send unsigned.'} />
      {hasSecret && (
        <label className="check">
          <input type="checkbox" checked={remove} onChange={(e) => onRemoveChange(e.target.checked)} /> Remove the secret
        </label>
      )}
    </div>
  );
}
