import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { SilenceView } from '../../api/types.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Time } from '../../components/Time.tsx';
import { useLoad } from '../../components/use-load.ts';
import { useSession } from '../../session/session-context.ts';
import { SilenceCreateForm } from './SilenceCreateForm.tsx';
import { describeMatchers } from './silence-form-state.ts';

/**
 * Silences: time-bounded mutes. Matching events are still recorded (the
 * events view names the silence) but delivered to no webhook. Admins and ops
 * create and expire them; viewers read.
 */
export function SilencesPage() {
  const { canManage } = useSession();
  const [loaded, , setSilences] = useLoad(() => api.silences.list(), []);
  const [failure, setFailure] = useState<unknown>(null);
  const silences = loaded.state === 'ready' ? loaded.value : [];

  const expire = async (id: string) => {
    try {
      const next = await api.silences.expire(id);
      setFailure(null);
      setSilences(silences.map((s) => (s.id === id ? next : s)));
    } catch (err) {
      setFailure(err);
    }
  };

  return (
    <section aria-labelledby="silences-title">
      <div className="page-head"><h1 id="silences-title">Silences</h1></div>
      <p className="hint">Events a silence matches are recorded but not delivered while it is active.</p>
      {canManage && <SilenceCreateForm onCreated={(s: SilenceView) => setSilences([s, ...silences])} />}
      {loaded.state === 'loading' && <p role="status">Loading silences…</p>}
      {loaded.state === 'error' && <ErrorMessage error={loaded.error} />}
      <ErrorMessage error={failure} />
      {loaded.state === 'ready' && silences.length === 0 && <p className="empty">No silences.</p>}
      {silences.length > 0 && (
        <table className="table stack" aria-label="Silences">
          <thead>
            <tr>
              <th scope="col">State</th><th scope="col">Matchers</th><th scope="col">Starts</th><th scope="col">Ends</th>
              <th scope="col">Created by</th><th scope="col">Comment</th>
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {silences.map((s) => (
              <tr key={s.id} data-silence-id={s.id}>
                <td data-label="State"><span className={`badge badge-${s.state === 'expired' ? 'disabled' : s.state}`}>{s.state}</span></td>
                <td data-label="Matchers"><code>{describeMatchers(s.matchers)}</code></td>
                <td data-label="Starts"><Time iso={s.startsAt} /></td>
                <td data-label="Ends"><Time iso={s.endsAt} /></td>
                <td data-label="Created by">{s.createdBy}</td>
                <td data-label="Comment" className="summary">{s.comment}</td>
                <td data-label="Actions">{canManage && s.state !== 'expired' && (
                  <button type="button" onClick={() => void expire(s.id)} aria-label={`Expire silence ${s.id}`}>Expire</button>
                )}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
