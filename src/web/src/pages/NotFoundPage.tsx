import { Link } from '../router/Link.tsx';

export function NotFoundPage({ path }: { path: string }) {
  return (
    <section aria-labelledby="nf-title">
      <h1 id="nf-title">Page not found</h1>
      <p>There is no console page at <code>{path}</code>.</p>
      <p><Link to={{ page: 'webhooks' }}>Go to webhooks</Link></p>
    </section>
  );
}
