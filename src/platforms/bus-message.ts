import { HeraldError } from '../core/errors.ts';
import type { HeraldEvent } from '../core/event.ts';
import { CLOUDEVENTS_JSON, structuredCloudEvent } from './cloudevent.ts';
import type { Platform, RenderedRequest, RenderTarget } from './platform.ts';

/**
 * What every bus platform sends: one CloudEvents 1.0 structured document per
 * event, and the URL with its `{event}`-style placeholders filled, so a
 * subject, routing key, topic or stream can follow the event. Values are cut
 * to letters, digits, `_` and `-`, because `.`, `/`, `*`, `>`, `#` and `+` are
 * separators or wildcards on one bus or another.
 */
const PLACEHOLDERS = ['event', 'cluster', 'namespace', 'resource', 'name', 'source'] as const;

export function renderBusMessage(event: HeraldEvent, target: RenderTarget): RenderedRequest {
  return {
    url: fillPlaceholders(target.url, event),
    body: structuredCloudEvent(event, target),
    headers: { 'content-type': CLOUDEVENTS_JSON },
  };
}

export function fillPlaceholders(text: string, event: HeraldEvent): string {
  let out = text;
  for (const key of PLACEHOLDERS) {
    const value = event[key].replace(/[^A-Za-z0-9_-]/g, '_') || '_';
    out = out.replaceAll(`{${key}}`, value).replaceAll(`%7B${key}%7D`, value);
  }
  return out;
}

/** The URL path without its leading slash, decoded: a NATS subject, an MQTT topic. */
export function pathName(url: URL): string {
  return decodeURIComponent(url.pathname.replace(/^\//, ''));
}

export function badUrl(message: string): HeraldError {
  return new HeraldError('VALIDATION', `url: ${message}`, 'url');
}

/**
 * A bus platform: a CloudEvent per event, signed with Herald's headers (they
 * ride as message headers), nothing to read in an answer beyond the broker's
 * confirmation. `checkUrl` says what the destination URL must name.
 */
export function busPlatform(p: Pick<Platform, 'id' | 'label' | 'transport'> & { checkUrl(url: URL): unknown }): Platform {
  return {
    ...p,
    checkUrl: (url) => { p.checkUrl(url); },
    heraldSignature: true,
    credentialUrl: false,
    render: renderBusMessage,
    interpret: () => ({ ok: true }),
  };
}
