import { describedBy, FieldError } from '../../components/FieldError.tsx';
import { TextField } from '../../components/TextField.tsx';
import type { AuthType, WebhookForm } from './form-state.ts';

/** How Herald authenticates to the receiver. Tokens and passwords are write-only, like the secret. */
export function AuthFields({ form, set, existing, errorFor }: {
  form: WebhookForm;
  set: (patch: Partial<WebhookForm>) => void;
  /** The type stored on the server, when editing: its token or password can be left blank to keep it. */
  existing: AuthType | undefined;
  errorFor: (key: string) => string | undefined;
}) {
  const keep = existing === form.authType;
  return (
    <div className="auth">
      <div className="field">
        <label htmlFor="wh-auth">Authentication</label>
        <select id="wh-auth" value={form.authType} onChange={(e) => set({ authType: e.target.value as AuthType })}
          {...describedBy('wh-auth', { error: errorFor('auth.type') })}>
          <option value="none">None</option>
          <option value="bearer">Bearer token</option>
          <option value="basic">Basic (username and password)</option>
        </select>
        <FieldError id="wh-auth-error" message={errorFor('auth.type')} />
      </div>
      {form.authType === 'bearer' && (
        <TextField id="wh-token" label="Bearer token" type="password" autoComplete="off" value={form.token}
          onChange={(token) => set({ token })} error={errorFor('auth.token')}
          hint={keep ? 'Leave blank to keep the current token.' : undefined} />
      )}
      {form.authType === 'basic' && (
        <>
          <TextField id="wh-username" label="Username" autoComplete="off" value={form.username}
            onChange={(username) => set({ username })} error={errorFor('auth.username')} />
          <TextField id="wh-password" label="Password" type="password" autoComplete="new-password" value={form.password}
            onChange={(password) => set({ password })} error={errorFor('auth.password')}
            hint={keep ? 'Leave blank to keep the current password.' : undefined} />
        </>
      )}
    </div>
  );
}
