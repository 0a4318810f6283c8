import type { ReactNode } from 'react';
import { Link } from '../router/Link.tsx';
import type { Route } from '../router/routes.ts';
import { useSession } from '../session/session-context.ts';

/** The frame of every signed-in page: navigation, who is signed in, sign out. */
export function Layout({ route, children }: { route: Route; children: ReactNode }) {
  const { user, canManage, logout } = useSession();
  const inSettings = route.page === 'webhooks' || route.page === 'webhook' || route.page === 'webhook-new';
  return (
    <>
      <header className="topbar">
        <span className="brand">Herald</span>
        <nav aria-label="Main">
          <span className="nav-group">Settings</span>
          <Link to={{ page: 'webhooks' }} aria-current={inSettings ? 'page' : undefined}>Webhooks</Link>
          <Link to={{ page: 'events' }} aria-current={route.page === 'events' ? 'page' : undefined}>Live events</Link>
          <Link to={{ page: 'silences' }} aria-current={route.page === 'silences' ? 'page' : undefined}>Silences</Link>
        </nav>
        <div className="whoami">
          <span>{user.name} <span className="role" data-testid="role">({user.role}{canManage ? '' : ', read-only'})</span></span>
          <button type="button" onClick={() => void logout()}>Sign out</button>
        </div>
      </header>
      <main className="content">{children}</main>
    </>
  );
}
