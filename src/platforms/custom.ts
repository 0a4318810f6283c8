import { eventPayload } from '../core/event-payload.ts';
import type { HeraldEvent } from '../core/event.ts';
import type { Platform } from './platform.ts';
import { renderTemplate } from './template.ts';

/**
 * Any HTTP endpoint: the event as JSON, signed with Herald's headers. The
 * payload is never cut: a receiver of its own can take the whole diff. A
 * template adds its rendering as a `text` field and changes nothing else.
 */
export const customPlatform: Platform = {
  id: 'custom',
  label: 'Custom HTTP (signed JSON)',
  heraldSignature: true,
  rendersGroups: true,
  credentialUrl: false,
  render(event, target) {
    // Grouping on a custom webhook: one batch, documented in docs/grouping-and-rate-limits.md.
    if (target.group !== undefined && target.group.length > 1) {
      return { body: JSON.stringify(batchPayload(target.group)), headers: { 'content-type': 'application/json' } };
    }
    const payload = eventPayload(event);
    const body = target.template === null ? payload : { ...payload, text: renderTemplate(target.template, event) };
    return { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
  },
  interpret() {
    return { ok: true };
  },
};

/** `{type: "herald.batch", count, events}`: each entry is the payload a single delivery would carry. */
export function batchPayload(events: readonly HeraldEvent[]): { type: 'herald.batch'; count: number; events: unknown[] } {
  return { type: 'herald.batch', count: events.length, events: events.map(eventPayload) };
}
