import { eventPayload } from '../core/event.ts';
import type { Platform } from './platform.ts';

/** Any HTTP endpoint: the event as JSON, signed with Herald's headers. */
export const customPlatform: Platform = {
  id: 'custom',
  label: 'Custom HTTP (signed JSON)',
  heraldSignature: true,
  render(event) {
    return { body: JSON.stringify(eventPayload(event)), headers: { 'content-type': 'application/json' } };
  },
  interpret() {
    return { ok: true };
  },
};
