import type { ReactNode } from 'react';
import { Link } from '../router/Link.tsx';
import type { Route } from '../router/routes.ts';
import { useSession } from '../session/session-context.ts';

type Section = 'webhooks' | 'events' | 'silences' | 'users' | 'tokens' | 'audit' | 'profile' | null;

function sectionOf(route: Route): Section {
  switch (route.page) {
    case 'webhooks': case 'webhook': case 'webhook-new': return 'webhooks';
    case 'events': case 'event': return 'events';
    case 'silences': case 'users': case 'tokens': case 'audit': case 'profile': return route.page;
    case 'not-found': return null;
  }
}

/** The frame of every signed-in page: navigation (what the role may open), who is signed in, sign out. */
export function Layout({ route, children }: { route: Route; children: ReactNode }) {
  const { user, canManage, logout } = useSession();
  const section = sectionOf(route);
  const current = (s: Section) => (section === s ? 'page' as const : undefined);
  return (
    <>
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="topbar">
        <span className="brand">Herald</span>
        <nav aria-label="Main">
          <Link to={{ page: 'webhooks' }} aria-current={current('webhooks')}>Webhooks</Link>
          <Link to={{ page: 'events' }} aria-current={current('events')}>Events</Link>
          {user.role === 'admin' && <Link to={{ page: 'users' }} aria-current={current('users')}>Users</Link>}
          <Link to={{ page: 'tokens' }} aria-current={current('tokens')}>API tokens</Link>
          {user.role !== 'viewer' && <Link to={{ page: 'audit' }} aria-current={current('audit')}>Audit log</Link>}
          <Link to={{ page: 'silences' }} aria-current={current('silences')}>Silences</Link>
        </nav>
        <div className="whoami">
          <Link to={{ page: 'profile' }} aria-current={current('profile')}>
            {user.name} <span className="role" data-testid="role">({user.role}{canManage ? '' : ', read-only'})</span>
          </Link>
          <button type="button" onClick={() => void logout()}>Sign out</button>
        </div>
      </header>
      <main className="content" id="main" tabIndex={-1}>{children}</main>
    </>
  );
}
