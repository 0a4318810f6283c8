import type { HeraldEvent } from '../core/event.ts';
import { eventPayload } from '../core/event-payload.ts';

/**
 * A per-webhook message template: text with `{{ dotted.path }}` placeholders
 * into the event payload (docs/templates.md). Deliberately tiny: no
 * expressions, filters or loops, so a template can never run code, and a path
 * only follows an object's own properties, so `constructor` or `__proto__`
 * lead nowhere. A missing value renders empty; text that is not a placeholder
 * (`{{ 1 + 1 }}`, an unclosed `{{`) is kept as written.
 */

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)\s*\}\}/g;

export function lookup(root: unknown, path: string): unknown {
  let current: unknown = root;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Strings as they are, objects and arrays as compact JSON, nothing for null or missing. */
export function templateValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** `escape` makes each inserted value safe for the platform's markup; the template's own text is kept. */
export function renderTemplate(template: string, event: HeraldEvent, escape: (text: string) => string = (t) => t): string {
  const payload = eventPayload(event);
  return template.replace(PLACEHOLDER, (_match, path: string) => escape(templateValue(lookup(payload, path))));
}
