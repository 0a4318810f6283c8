import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { Role, UserView } from '../../api/types.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { ROLE_OPTIONS } from './roles.ts';

/** One user: role and enabled change in place; delete asks first. Yourself: neither disable nor delete. */
export function UserRow({ user, isMe, onChanged }: { user: UserView; isMe: boolean; onChanged: () => void }) {
  const [error, setError] = useState<unknown>(null);
  const change = async (body: { role?: Role; disabled?: boolean }) => {
    setError(null);
    try { await api.users.update(user.id, body); onChanged(); } catch (err) { setError(err); }
  };
  return (
    <tr data-user={user.name}>
      <td data-label="Username">{user.name}{isMe && <span className="muted"> (you)</span>}</td>
      <td data-label="Role">
        <label className="visually-hidden" htmlFor={`role-${user.id}`}>Role of {user.name}</label>
        <select id={`role-${user.id}`} value={user.role} onChange={(e) => void change({ role: e.target.value as Role })}>
          {ROLE_OPTIONS.map((o) => <option key={o.value} value={o.value}>{o.value}</option>)}
        </select>
      </td>
      <td data-label="Enabled">
        <label className="check">
          <input type="checkbox" checked={!user.disabled} disabled={isMe} onChange={(e) => void change({ disabled: !e.target.checked })} />
          <span className="visually-hidden">{user.name} </span>enabled
        </label>
      </td>
      <td data-label="Actions">
        <ConfirmButton label="Delete" question={`Delete user ${user.name} with their tokens and sessions?`} confirmLabel={`Yes, delete ${user.name}`}
          disabled={isMe} onConfirm={async () => { await api.users.remove(user.id); onChanged(); }} />
        <ErrorMessage error={error} />
      </td>
    </tr>
  );
}
