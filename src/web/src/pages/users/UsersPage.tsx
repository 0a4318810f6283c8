import { api } from '../../api/client.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useLoad } from '../../components/use-load.ts';
import { useSession } from '../../session/session-context.ts';
import { NewUserForm } from './NewUserForm.tsx';
import { UserRow } from './UserRow.tsx';

/** Users and their roles, for admins (the server answers 403 to anyone else). */
export function UsersPage() {
  const { user: me } = useSession();
  const [users, reload] = useLoad(() => api.users.list(), []);
  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">Users</h1>
      {me.role !== 'admin' && <p className="notice" role="note">Only admins manage users.</p>}
      {users.state === 'loading' && <p role="status">Loading users…</p>}
      {users.state === 'error' && <ErrorMessage error={users.error} />}
      {users.state === 'ready' && (
        <table className="table stack">
          <caption className="visually-hidden">Users</caption>
          <thead><tr><th scope="col">Username</th><th scope="col">Role</th><th scope="col">Enabled</th><th scope="col">Actions</th></tr></thead>
          <tbody>{users.value.map((u) => <UserRow key={u.id} user={u} isMe={u.id === me.id} onChanged={reload} />)}</tbody>
        </table>
      )}
      {me.role === 'admin' && <NewUserForm onCreated={reload} />}
    </section>
  );
}
