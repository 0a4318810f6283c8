import { eventPayload } from '../core/event-payload.ts';
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
  credentialUrl: false,
  render(event, target) {
    const payload = eventPayload(event);
    const body = target.template === null ? payload : { ...payload, text: renderTemplate(target.template, event) };
    return { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
  },
  interpret() {
    return { ok: true };
  },
};
