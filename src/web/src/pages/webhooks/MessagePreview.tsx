import type { Preview } from '../../api/types.ts';
import { messageLines } from './message-text.ts';

/** The message as a person in the chat will read it, roughly: the platform's text lines in a bubble. */
export function MessagePreview({ preview }: { preview: Preview }) {
  const lines = preview.platform === 'custom' ? [] : messageLines(preview.request.body);
  if (lines.length === 0) return <p className="muted">The {preview.platform} platform sends JSON for programs; its request is below.</p>;
  return (
    <figure className="message-bubble" data-testid="message-preview">
      <figcaption className="label">As {preview.platform} shows it</figcaption>
      {lines.map((l, i) => <p key={i} className={i === 0 ? 'message-title' : undefined}>{l}</p>)}
    </figure>
  );
}
