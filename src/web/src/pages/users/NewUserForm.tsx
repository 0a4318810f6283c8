import { useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage } from '../../api/client.ts';
import type { Role } from '../../api/types.ts';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';
import { ROLE_OPTIONS } from './roles.ts';

/** Adds a user (POST /users); the server's complaint appears under the field it names. */
export function NewUserForm({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [problem, setProblem] = useState<{ field?: string; message: string } | null>(null);
  const [done, setDone] = useState('');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    try {
      const u = await api.users.create({ name, password, role });
      setDone(`Created ${u.name}.`);
      setName(''); setPassword('');
      onCreated();
    } catch (err) {
      setProblem({ field: err instanceof ApiError ? err.field : undefined, message: errorMessage(err) });
    }
  };
  const errorFor = (f: string) => (problem?.field === f ? problem.message : undefined);
  return (
    <form className="card" onSubmit={submit} aria-labelledby="new-user-title" noValidate>
      <h2 id="new-user-title">Add a user</h2>
      {problem !== null && problem.field === undefined && <p className="error" role="alert">{problem.message}</p>}
      <div className="grid-3">
        <TextField id="user-name" label="Username" value={name} onChange={setName} error={errorFor('name')} autoComplete="off" required />
        <TextField id="user-password" label="Password" type="password" value={password} onChange={setPassword}
          hint="At least 12 characters." error={errorFor('password')} autoComplete="new-password" required />
        <SelectField id="user-role" label="Role" value={role} options={ROLE_OPTIONS} onChange={setRole} error={errorFor('role')} />
      </div>
      <div className="actions">
        <button type="submit" className="primary">Add user</button>
        {done !== '' && <span role="status" className="ok">{done}</span>}
      </div>
    </form>
  );
}
