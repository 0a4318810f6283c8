import type { Preview } from '../../api/types.ts';

/** A rendered request: headers (credentials already masked by the server) and the body, pretty-printed when JSON. */
export function RequestView({ preview, title }: { preview: Preview; title: string }) {
  let body = preview.request.body;
  try { body = JSON.stringify(JSON.parse(body), null, 2); } catch { /* not JSON: shown as sent */ }
  return (
    <div className="request-view" data-testid="request-view">
      <p className="label">{title}</p>
      <pre className="body headers" aria-label={`${title}: headers`}>
        {Object.entries(preview.request.headers).map(([k, v]) => `${k}: ${v}`).join('\n')}
      </pre>
      <pre className="body" aria-label={`${title}: body`} tabIndex={0}>{body}</pre>
    </div>
  );
}
