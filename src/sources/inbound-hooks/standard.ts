import { z } from 'zod';
import { Webhook } from 'standardwebhooks';
import { CommonSourceFields } from './common-config.ts';
import { genericEvent } from './generic-payload.ts';
import type { SenderType } from './sender-type.ts';

/**
 * Standard Webhooks senders: webhook-id, webhook-timestamp and webhook-signature
 * with a `whsec_` secret, verified by the reference library (constant-time,
 * 5-minute tolerance, several signatures allowed). Svix signs the same way but
 * names the headers svix-id, svix-timestamp and svix-signature; a request uses
 * one set or the other, never a mix.
 */
const StandardConfigSchema = z.strictObject({
  ...CommonSourceFields,
  type: z.literal('standard'),
  secret: z.string().startsWith('whsec_', 'must be a whsec_ secret'),
  eventType: z.string().regex(/^[a-z][a-z0-9_.-]*$/).default('inbound'),
});
type StandardConfig = z.infer<typeof StandardConfigSchema>;

export const standardSender: SenderType<StandardConfig> = {
  type: 'standard',
  configSchema: StandardConfigSchema,
  verify(req, c) {
    const h = headersOf(req.headers);
    try {
      new Webhook(c.secret).verify(req.rawBody.toString('utf8'), {
        'webhook-id': h.id ?? '', 'webhook-timestamp': h.timestamp ?? '', 'webhook-signature': h.signature ?? '',
      });
      return { ok: true };
    } catch (err) {
      // The library parses the body only once a signature matched: a signed body that is not JSON is
      // verified, and the app answers it 400 `body` like any other sender's.
      if (err instanceof SyntaxError) return { ok: true };
      return { ok: false, reason: `${h.prefix}-signature: ${(err as Error).message}` };
    }
  },
  deliveryId: (req) => headersOf(req.headers).id,
  toEvents: (req, c) => [genericEvent(req.payload, { source: c.name, cluster: c.cluster, eventType: c.eventType })],
};

/** The webhook-* headers when the request has a signature there, else Svix's svix-* ones. */
function headersOf(headers: Record<string, string>): { prefix: string; id?: string; timestamp?: string; signature?: string } {
  const prefix = headers['webhook-signature'] === undefined && headers['svix-signature'] !== undefined ? 'svix' : 'webhook';
  return { prefix, id: headers[`${prefix}-id`], timestamp: headers[`${prefix}-timestamp`], signature: headers[`${prefix}-signature`] };
}
