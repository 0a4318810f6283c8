import type { HeraldEvent } from '../../core/event.ts';
import type { Webhook } from '../../core/webhook.ts';

/** The HTTP request a webhook's platform makes of an event, before Herald's signature headers. */
export interface RenderedPreview { url: string; headers: Record<string, string>; body: string }

/** Renders through the webhook's platform and template; throws a HeraldError when the template cannot render. */
export type RenderRequest = (webhook: Webhook, event: HeraldEvent, now: Date) => RenderedPreview;
