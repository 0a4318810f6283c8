const TEXT_KEYS = new Set(['title', 'text', 'content', 'description', 'summary', 'value', 'name']);

/**
 * The words a chat platform shows from a rendered body, in order: the string
 * values under title/text/content/… keys, at any depth. Shape-agnostic on
 * purpose, so a platform added later (the list comes from the server)
 * previews without a console change; a custom JSON body has none and is
 * shown as the raw request instead.
 */
export function messageLines(body: string): string[] {
  let parsed: unknown;
  try { parsed = JSON.parse(body); } catch { return body === '' ? [] : [body]; }
  const out: string[] = [];
  const walk = (v: unknown, key: string | null) => {
    if (typeof v === 'string') {
      if (key !== null && TEXT_KEYS.has(key) && v.trim() !== '' && !out.includes(v)) {
        // Feishu and WeCom nest a JSON string as content.
        if (v.startsWith('{')) { try { walk(JSON.parse(v), null); return; } catch { /* plain text */ } }
        out.push(v);
      }
      return;
    }
    if (Array.isArray(v)) { for (const x of v) walk(x, key); return; }
    if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(parsed, null);
  return out;
}
