/**
 * The console's pages as data: one parser from a path, one builder back.
 * The server answers every non-API path with index.html, so these URLs can be
 * bookmarked and reloaded.
 */
export type Route =
  | { page: 'webhooks' }
  | { page: 'webhook-new' }
  | { page: 'webhook'; id: string; tab: 'settings' | 'deliveries' }
  | { page: 'events' }
  | { page: 'silences' }
  | { page: 'not-found'; path: string };

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter((p) => p !== '').map(decodeURIComponent);
  if (parts.length === 0) return { page: 'webhooks' };
  if (parts[0] === 'events' && parts.length === 1) return { page: 'events' };
  if (parts[0] === 'silences' && parts.length === 1) return { page: 'silences' };
  if (parts[0] === 'settings' && parts[1] === 'webhooks') {
    if (parts.length === 2) return { page: 'webhooks' };
    if (parts.length === 3 && parts[2] === 'new') return { page: 'webhook-new' };
    if (parts.length === 3) return { page: 'webhook', id: parts[2]!, tab: 'settings' };
    if (parts.length === 4 && parts[3] === 'deliveries') return { page: 'webhook', id: parts[2]!, tab: 'deliveries' };
  }
  return { page: 'not-found', path: pathname };
}

export function pathOf(route: Route): string {
  switch (route.page) {
    case 'webhooks': return '/settings/webhooks';
    case 'webhook-new': return '/settings/webhooks/new';
    case 'webhook': return `/settings/webhooks/${encodeURIComponent(route.id)}${route.tab === 'deliveries' ? '/deliveries' : ''}`;
    case 'events': return '/events';
    case 'silences': return '/silences';
    case 'not-found': return route.path;
  }
}
