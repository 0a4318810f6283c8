import { Link } from '../router/Link.tsx';
import type { Route } from '../router/routes.ts';

export interface Tab { label: string; to: Route; current: boolean }

/** Page-level tabs: links, so each tab has its own URL. */
export function Tabs({ label, tabs }: { label: string; tabs: Tab[] }) {
  return (
    <nav className="tabs" aria-label={label}>
      {tabs.map((t) => (
        <Link key={t.label} to={t.to} aria-current={t.current ? 'page' : undefined}>{t.label}</Link>
      ))}
    </nav>
  );
}
