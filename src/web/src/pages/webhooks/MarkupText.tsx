import type { ReactNode } from 'react';
import { readMarkup, type Inline, type MarkupFamily } from './chat-markup.ts';

function render(nodes: readonly Inline[]): ReactNode[] {
  return nodes.map((n, i) => {
    switch (n.kind) {
      case 'text': return n.text;
      case 'break': return <br key={i} />;
      case 'code': return <code key={i}>{n.text}</code>;
      case 'bold': return <strong key={i}>{render(n.children)}</strong>;
      case 'italic': return <em key={i}>{render(n.children)}</em>;
      case 'strike': return <s key={i}>{render(n.children)}</s>;
      // safeHref admitted only http(s) and mailto; the page the link opens gets no handle on this one.
      case 'link': return <a key={i} href={n.href} target="_blank" rel="noopener noreferrer">{render(n.children)}</a>;
    }
  });
}

/** A line of a chat message, its markup shown as the platform shows it: React elements, never parsed HTML. */
export function MarkupText({ text, family }: { text: string; family: MarkupFamily }) {
  return <>{render(readMarkup(text, family))}</>;
}
