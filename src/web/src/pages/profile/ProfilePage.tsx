import { useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage } from '../../api/client.ts';
import { TextField } from '../../components/TextField.tsx';
import { useSession } from '../../session/session-context.ts';

/** Who you are, and your password: changing it ends your sessions, so you sign in again. */
export function ProfilePage() {
  const { user, logout } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState<{ field?: string; message: string } | null>(null);
  const [done, setDone] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    if (next !== again) { setProblem({ field: 'again', message: 'The two new passwords differ.' }); return; }
    try {
      await api.users.changeOwnPassword(current, next);
      setDone(true);
    } catch (err) {
      setProblem({ field: err instanceof ApiError ? err.field : undefined, message: errorMessage(err) });
    }
  };
  const errorFor = (f: string) => (problem?.field === f ? problem.message : undefined);
  return (
    <section aria-labelledby="profile-title">
      <h1 id="profile-title">Your profile</h1>
      <dl className="facts"><dt>Username</dt><dd>{user.name}</dd><dt>Role</dt><dd>{user.role}</dd></dl>
      {done ? (
        <div className="notice" role="status">
          <p>Password changed. Your sessions have ended; sign in with the new password.</p>
          <button type="button" className="primary" onClick={() => void logout()}>Sign in again</button>
        </div>
      ) : (
        <form className="card narrow" onSubmit={submit} aria-labelledby="password-title" noValidate>
          <h2 id="password-title">Change your password</h2>
          {problem !== null && problem.field === undefined && <p className="error" role="alert">{problem.message}</p>}
          <TextField id="pw-current" label="Current password" type="password" autoComplete="current-password" value={current}
            onChange={setCurrent} error={errorFor('currentPassword')} />
          <TextField id="pw-new" label="New password" type="password" autoComplete="new-password" value={next}
            onChange={setNext} hint="At least 12 characters." error={errorFor('newPassword')} />
          <TextField id="pw-again" label="New password again" type="password" autoComplete="new-password" value={again}
            onChange={setAgain} error={errorFor('again')} />
          <div className="actions"><button type="submit" className="primary">Change password</button></div>
        </form>
      )}
    </section>
  );
}
