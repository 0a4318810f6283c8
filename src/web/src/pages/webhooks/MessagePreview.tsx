import type { Preview } from '../../api/types.ts';
import { markupFamily } from './chat-markup.ts';
import { MarkupText } from './MarkupText.tsx';
import { messageLines } from './message-text.ts';

/**
 * The message as a person in the chat will read it: the platform's text
 * lines in a bubble, their bold, italics, code, links and line breaks read
 * in the platform's own dialect (Slack mrkdwn, Markdown, Telegram's HTML).
 */
export function MessagePreview({ preview }: { preview: Preview }) {
  const lines = preview.platform === 'custom' ? [] : messageLines(preview.request.body);
  if (lines.length === 0) return <p className="muted">The {preview.platform} platform sends JSON for programs; its request is below.</p>;
  const family = markupFamily(preview.platform);
  return (
    <figure className="message-bubble" data-testid="message-preview" data-markup={family}>
      <figcaption className="label">As {preview.platform} shows it</figcaption>
      {lines.map((l, i) => <p key={i} className={i === 0 ? 'message-title' : undefined}><MarkupText text={l} family={family} /></p>)}
    </figure>
  );
}
