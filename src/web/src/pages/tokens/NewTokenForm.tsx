import { useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage } from '../../api/client.ts';
import type { Role } from '../../api/types.ts';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';
import { ROLE_OPTIONS } from '../users/roles.ts';

/** Makes an API token; the token is shown once, here, and never again. */
export function NewTokenForm({ myRole, onCreated }: { myRole: Role; onCreated: () => void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>(myRole);
  const [days, setDays] = useState('90');
  const [made, setMade] = useState<string | null>(null);
  const [problem, setProblem] = useState<{ field?: string; message: string } | null>(null);
  const rank = ROLE_OPTIONS.findIndex((o) => o.value === myRole);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    setMade(null);
    try {
      const t = await api.tokens.create({ name, role, ...(days === '' ? {} : { expiresInDays: Number(days) }) });
      setMade(t.token);
      setName('');
      onCreated();
    } catch (err) {
      setProblem({ field: err instanceof ApiError ? err.field : undefined, message: errorMessage(err) });
    }
  };
  const errorFor = (f: string) => (problem?.field === f ? problem.message : undefined);
  return (
    <form className="card" onSubmit={submit} aria-labelledby="new-token-title" noValidate>
      <h2 id="new-token-title">Create a token</h2>
      {problem !== null && problem.field === undefined && <p className="error" role="alert">{problem.message}</p>}
      <div className="grid-3">
        <TextField id="token-name" label="Name" value={name} onChange={setName} placeholder="ci-deploy" error={errorFor('name')} />
        <SelectField id="token-role" label="Role" value={role} options={ROLE_OPTIONS.slice(0, rank + 1)} onChange={setRole}
          hint="At most your own role." error={errorFor('role')} />
        <TextField id="token-days" label="Expires in (days)" type="number" inputMode="numeric" min={1} max={3650} value={days}
          onChange={setDays} hint="Blank: never." error={errorFor('expiresInDays')} />
      </div>
      <div className="actions"><button type="submit" className="primary">Create token</button></div>
      {made !== null && (
        <div className="notice" role="status">
          <p>Copy this token now: Herald keeps only its hash and cannot show it again.</p>
          <label htmlFor="token-value">New token</label>
          <input id="token-value" className="mono" readOnly value={made} onFocus={(e) => e.target.select()} />
        </div>
      )}
    </form>
  );
}
