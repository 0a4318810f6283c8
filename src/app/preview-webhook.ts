import { normalizeEvent, type HeraldEvent } from '../core/event.ts';
import { HeraldError } from '../core/errors.ts';
import type { Webhook } from '../core/webhook.ts';
import type { Clock } from './ports/clock.ts';
import type { EventLog } from './ports/event-log.ts';
import type { RenderedPreview, RenderRequest } from './ports/request-renderer.ts';
import type { ManageWebhooks } from './manage-webhooks.ts';

export interface PreviewDeps {
  webhooks: Pick<ManageWebhooks, 'get'>;
  events: Pick<EventLog, 'getEvent'>;
  render: RenderRequest;
  clock: Clock;
}

export const MASKED = '••••••';

/** What the preview shows: the request without its credentials, which never leave Herald. */
export interface WebhookPreview { platform: string; event: HeraldEvent; request: Omit<RenderedPreview, 'url'> }

/**
 * The message a webhook's platform makes of an event, as the console shows it
 * before anything is sent: a sample scale of a Deployment, or a recorded event
 * (what a delivery sent). Authorization and secret header values are masked;
 * the URL is left out, since chat URLs are credentials.
 */
export async function previewWebhook(d: PreviewDeps, id: string, eventId?: string): Promise<WebhookPreview> {
  const webhook = await d.webhooks.get(id);
  const now = d.clock.now();
  let event: HeraldEvent;
  if (eventId === undefined) {
    event = sampleEvent(webhook, now);
  } else {
    const found = await d.events.getEvent(eventId);
    if (found === undefined) throw new HeraldError('NOT_FOUND', `no event with id ${eventId}`, 'eventId');
    event = found;
  }
  const rendered = d.render(webhook, event, new Date(now));
  const secretNames = new Set(Object.keys(webhook.secretHeaders).map((n) => n.toLowerCase()));
  const headers = Object.fromEntries(Object.entries(rendered.headers).map(([name, value]) =>
    [name, name.toLowerCase() === 'authorization' || secretNames.has(name.toLowerCase()) ? MASKED : value]));
  return { platform: webhook.platform, event, request: { headers, body: rendered.body } };
}

function sampleEvent(webhook: Webhook, now: number): HeraldEvent {
  const pick = (list: readonly string[], fallback: string) => list.find((x) => !x.includes('*')) ?? fallback;
  return normalizeEvent({
    event: 'scale', source: 'herald', cluster: pick(webhook.filters.clusters, 'prod'),
    namespace: pick(webhook.filters.namespaces, 'shop'), resource: pick(webhook.filters.kinds, 'Deployment'), name: 'web',
    actor: 'alice@example.com', summary: 'Deployment shop/web scaled from 2 to 5 replicas',
    changes: [{ field: 'spec.replicas', old: 2, new: 5 }], labels: { app: 'web' },
  }, 'evt_preview', new Date(now));
}
