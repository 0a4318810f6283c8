import { api } from '../../api/client.ts';
import type { WebhookView } from '../../api/types.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useLoad } from '../../components/use-load.ts';
import { MessagePreview } from './MessagePreview.tsx';
import { RequestView } from './RequestView.tsx';

/** What this webhook sends for a sample scale event: the message as the platform shows it, and the raw request. */
export function PreviewPanel({ webhook }: { webhook: WebhookView }) {
  const [preview] = useLoad(() => api.webhooks.preview(webhook.id), [webhook.id, webhook.platform, webhook.template]);
  return (
    <section aria-labelledby="preview-title">
      <h2 id="preview-title">Message preview</h2>
      <p className="muted">A sample event (a Deployment scaled from 2 to 5) rendered through this webhook's platform and template. Nothing is sent.</p>
      {preview.state === 'loading' && <p role="status">Rendering…</p>}
      {preview.state === 'error' && <ErrorMessage error={preview.error} />}
      {preview.state === 'ready' && (
        <>
          <MessagePreview preview={preview.value} />
          <RequestView preview={preview.value} title="Request" />
        </>
      )}
    </section>
  );
}
