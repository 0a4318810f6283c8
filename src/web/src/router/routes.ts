/**
 * The console's pages as data: one parser from a path, one builder back.
 * The server answers every non-API path with index.html, so these URLs can be
 * bookmarked and reloaded.
 */
export type Route =
  | { page: 'webhooks' }
  | { page: 'webhook-new' }
  | { page: 'webhook'; id: string; tab: 'settings' | 'deliveries' | 'preview' }
  | { page: 'events' }
  | { page: 'silences' }
  | { page: 'event'; id: string }
  | { page: 'users' }
  | { page: 'tokens' }
  | { page: 'audit' }
  | { page: 'profile' }
  | { page: 'not-found'; path: string };

const SIMPLE = { users: 'users', tokens: 'tokens', audit: 'audit', profile: 'profile' } as const;

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter((p) => p !== '').map(decodeURIComponent);
  if (parts.length === 0) return { page: 'webhooks' };
  if (parts[0] === 'events' && parts.length === 1) return { page: 'events' };
  if (parts[0] === 'silences' && parts.length === 1) return { page: 'silences' };
  if (parts[0] === 'events' && parts.length === 2) return { page: 'event', id: parts[1]! };
  if (parts[0] === 'profile' && parts.length === 1) return { page: 'profile' };
  if (parts[0] === 'settings' && parts.length === 2 && parts[1]! in SIMPLE) return { page: SIMPLE[parts[1] as keyof typeof SIMPLE] };
  if (parts[0] === 'settings' && parts[1] === 'webhooks') {
    if (parts.length === 2) return { page: 'webhooks' };
    if (parts.length === 3 && parts[2] === 'new') return { page: 'webhook-new' };
    if (parts.length === 3) return { page: 'webhook', id: parts[2]!, tab: 'settings' };
    if (parts.length === 4 && (parts[3] === 'deliveries' || parts[3] === 'preview')) return { page: 'webhook', id: parts[2]!, tab: parts[3] };
  }
  return { page: 'not-found', path: pathname };
}

export function pathOf(route: Route): string {
  switch (route.page) {
    case 'webhooks': return '/settings/webhooks';
    case 'webhook-new': return '/settings/webhooks/new';
    case 'webhook': return `/settings/webhooks/${encodeURIComponent(route.id)}${route.tab === 'settings' ? '' : `/${route.tab}`}`;
    case 'events': return '/events';
    case 'silences': return '/silences';
    case 'event': return `/events/${encodeURIComponent(route.id)}`;
    case 'users': case 'tokens': case 'audit': return `/settings/${route.page}`;
    case 'profile': return '/profile';
    case 'not-found': return route.path;
  }
}
