import { api } from '../../api/client.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Time } from '../../components/Time.tsx';
import { useLoad } from '../../components/use-load.ts';
import { useSession } from '../../session/session-context.ts';
import { NewTokenForm } from './NewTokenForm.tsx';

/** API tokens: your own (admins: everyone's), by prefix only; create and revoke. */
export function TokensPage() {
  const { user } = useSession();
  const [tokens, reload] = useLoad(() => api.tokens.list(), []);
  return (
    <section aria-labelledby="tokens-title">
      <h1 id="tokens-title">API tokens</h1>
      <p className="muted">For scripts and CI: send <code>Authorization: Bearer &lt;token&gt;</code>. {user.role === 'admin' ? 'You see every token.' : 'You see your own tokens.'}</p>
      {tokens.state === 'loading' && <p role="status">Loading tokens…</p>}
      {tokens.state === 'error' && <ErrorMessage error={tokens.error} />}
      {tokens.state === 'ready' && tokens.value.length === 0 && <p className="empty">No tokens yet.</p>}
      {tokens.state === 'ready' && tokens.value.length > 0 && (
        <table className="table stack">
          <caption className="visually-hidden">API tokens</caption>
          <thead>
            <tr><th scope="col">Name</th><th scope="col">Prefix</th><th scope="col">Role</th><th scope="col">Owner</th>
              <th scope="col">Last used</th><th scope="col">Expires</th><th scope="col">Actions</th></tr>
          </thead>
          <tbody>
            {tokens.value.map((t) => (
              <tr key={t.id} data-token={t.name}>
                <td data-label="Name">{t.name}</td>
                <td data-label="Prefix" className="mono">{t.prefix}…</td>
                <td data-label="Role">{t.role}</td>
                <td data-label="Owner">{t.owner?.name ?? 'bootstrap'}</td>
                <td data-label="Last used">{t.lastUsedAt === null ? 'never' : <Time iso={t.lastUsedAt} />}</td>
                <td data-label="Expires">{t.expiresAt === null ? 'never' : <Time iso={t.expiresAt} />}</td>
                <td data-label="Actions">
                  <ConfirmButton label="Revoke" question={`Revoke token ${t.name}? Scripts using it stop working.`}
                    confirmLabel={`Yes, revoke ${t.name}`} onConfirm={async () => { await api.tokens.revoke(t.id); reload(); }} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <NewTokenForm myRole={user.role} onCreated={reload} />
    </section>
  );
}
