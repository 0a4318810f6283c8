import type { RenderRequest } from '../app/ports/request-renderer.ts';
import { HeraldError } from '../core/errors.ts';
import { findPlatform } from '../platforms/registry.ts';
import { buildRequest } from './build-request.ts';

/**
 * The request a delivery would make, for the console's preview: the same
 * buildRequest the dispatcher uses, without signing keys (signatures are
 * made per delivery at send time).
 */
const PER_DELIVERY = /^(webhook-|x-herald-signature)/i;

export const previewRequest: RenderRequest = (webhook, event, now) => {
  const platform = findPlatform(webhook.platform);
  if (platform === undefined) throw new HeraldError('VALIDATION', `unknown platform "${webhook.platform}"`, 'platform');
  try {
    const r = buildRequest(platform, webhook, event, { deliveryId: 'msg_preview', now, keys: [], delayedMs: 0 });
    // The ids, timestamps and signatures are made per delivery at send time; a preview has none to show.
    const headers = Object.fromEntries(Object.entries(r.headers).filter(([name]) => !PER_DELIVERY.test(name)));
    return { url: r.url, headers, body: r.body };
  } catch (err) {
    if (err instanceof HeraldError) throw err;
    throw new HeraldError('VALIDATION', `the message cannot be rendered: ${(err as Error).message}`, { field: 'template', cause: err });
  }
};
