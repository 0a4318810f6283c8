import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, errorMessage, setSessionListeners } from '../api/client.ts';
import type { SessionUser } from '../api/types.ts';
import { LoginPage } from '../pages/LoginPage.tsx';
import { MANAGE_ROLES, SessionContext, type SessionValue } from './session-context.ts';

type State =
  | { kind: 'loading' }
  | { kind: 'signed-out'; notice?: string }
  | { kind: 'unreachable'; message: string }
  | { kind: 'signed-in'; user: SessionUser };

/**
 * Asks the server who we are (GET /session) and shows the login page until
 * there is a session. Any later 401 (an expired session) returns here.
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({ kind: 'loading' });

  const load = useCallback(() => {
    api.session.get()
      .then((s) => setState({ kind: 'signed-in', user: s.user }))
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 401) setState({ kind: 'signed-out' });
        else setState({ kind: 'unreachable', message: errorMessage(err) });
      });
  }, []);

  useEffect(() => {
    load();
    setSessionListeners({
      unauthenticated: () => setState({ kind: 'signed-out', notice: 'Your session has ended. Please sign in again.' }),
      // A 403 may mean the role was lowered: re-read it so the controls match what the server allows.
      forbidden: () => {
        api.session.get().then((s) => setState((prev) => (prev.kind === 'signed-in' && prev.user.role === s.user.role ? prev : { kind: 'signed-in', user: s.user })))
          .catch(() => { /* a 401 here is handled on the next call */ });
      },
    });
  }, [load]);

  const logout = useCallback(async () => {
    try { await api.session.logout(); } finally { setState({ kind: 'signed-out' }); }
  }, []);

  const value = useMemo<SessionValue | null>(() => state.kind !== 'signed-in' ? null : {
    user: state.user, canManage: MANAGE_ROLES.includes(state.user.role), logout,
  }, [state, logout]);

  switch (state.kind) {
    case 'loading': return <p className="page-loading" role="status">Loading…</p>;
    case 'unreachable': return (
      <main className="login">
        <div className="card">
          <h1>Herald</h1>
          <p role="alert" className="error">{state.message}</p>
          <button type="button" onClick={load}>Try again</button>
        </div>
      </main>
    );
    case 'signed-out': return <LoginPage notice={state.notice} onSignedIn={(user) => setState({ kind: 'signed-in', user })} />;
    case 'signed-in': return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
  }
}
