import { useSyncExternalStore } from 'react';
import { parseRoute, type Route } from './routes.ts';

/** A minimal history router: the location is the state; links push, Back pops. */
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

const currentPath = (): string => window.location.pathname;

export function navigate(path: string, opts: { replace?: boolean } = {}): void {
  if (path === currentPath()) return;
  if (opts.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  for (const l of listeners) l();
  window.scrollTo(0, 0);
}

export function useRoute(): Route {
  return parseRoute(useSyncExternalStore(subscribe, currentPath));
}
