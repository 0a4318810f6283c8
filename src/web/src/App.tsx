import { Layout } from './components/Layout.tsx';
import { AuditPage } from './pages/audit/AuditPage.tsx';
import { EventPage } from './pages/event/EventPage.tsx';
import { EventsPage } from './pages/events/EventsPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { SilencesPage } from './pages/silences/SilencesPage.tsx';
import { ProfilePage } from './pages/profile/ProfilePage.tsx';
import { TokensPage } from './pages/tokens/TokensPage.tsx';
import { UsersPage } from './pages/users/UsersPage.tsx';
import { WebhookNewPage } from './pages/webhooks/WebhookNewPage.tsx';
import { WebhookPage } from './pages/webhooks/WebhookPage.tsx';
import { WebhooksPage } from './pages/webhooks/WebhooksPage.tsx';
import { useRoute } from './router/navigation.ts';
import type { Route } from './router/routes.ts';
import { SessionGate } from './session/SessionGate.tsx';

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'webhooks': return <WebhooksPage />;
    case 'webhook-new': return <WebhookNewPage />;
    case 'webhook': return <WebhookPage key={route.id} id={route.id} tab={route.tab} />;
    case 'events': return <EventsPage />;
    case 'silences': return <SilencesPage />;
    case 'event': return <EventPage key={route.id} id={route.id} />;
    case 'users': return <UsersPage />;
    case 'tokens': return <TokensPage />;
    case 'audit': return <AuditPage />;
    case 'profile': return <ProfilePage />;
    case 'not-found': return <NotFoundPage path={route.path} />;
  }
}

export function App() {
  const route = useRoute();
  return (
    <SessionGate>
      <Layout route={route}><Page route={route} /></Layout>
    </SessionGate>
  );
}
