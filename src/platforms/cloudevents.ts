import { binaryCloudEventHeaders, cloudEventData, CLOUDEVENTS_JSON, structuredCloudEvent } from './cloudevent.ts';
import type { Platform } from './platform.ts';

/**
 * CloudEvents 1.0 over HTTP for receivers of one's own (Knative, Argo Events,
 * any CloudEvents SDK): the same signed delivery as `custom`, framed as the
 * HTTP protocol binding says. Two platform ids rather than a webhook field,
 * so the choice lives beside the platform like every other destination's.
 */
export const cloudEventsStructuredPlatform: Platform = {
  id: 'cloudevents-structured',
  label: 'CloudEvents 1.0 over HTTP (structured mode)',
  heraldSignature: true,
  credentialUrl: false,
  render(event, target) {
    return { body: structuredCloudEvent(event, target), headers: { 'content-type': CLOUDEVENTS_JSON } };
  },
  interpret: () => ({ ok: true }),
};

export const cloudEventsBinaryPlatform: Platform = {
  id: 'cloudevents-binary',
  label: 'CloudEvents 1.0 over HTTP (binary mode)',
  heraldSignature: true,
  credentialUrl: false,
  render(event, target) {
    return { body: JSON.stringify(cloudEventData(event, target)), headers: binaryCloudEventHeaders(event, target.deliveryId) };
  },
  interpret: () => ({ ok: true }),
};
