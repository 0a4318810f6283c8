import { z } from 'zod';
import { Webhook } from 'standardwebhooks';
import { CommonSourceFields } from './common-config.ts';
import { genericEvent } from './generic-payload.ts';
import type { SenderType } from './sender-type.ts';

/**
 * Standard Webhooks senders (Svix and others): webhook-id, webhook-timestamp
 * and webhook-signature with a `whsec_` secret, verified by the reference
 * library (constant-time, 5-minute tolerance, several signatures allowed).
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
    try {
      new Webhook(c.secret).verify(req.rawBody.toString('utf8'), {
        'webhook-id': req.headers['webhook-id'] ?? '',
        'webhook-timestamp': req.headers['webhook-timestamp'] ?? '',
        'webhook-signature': req.headers['webhook-signature'] ?? '',
      });
      return { ok: true };
    } catch (err) {
      return { ok: false, reason: `webhook-signature: ${(err as Error).message}` };
    }
  },
  deliveryId: (req) => req.headers['webhook-id'],
  toEvents: (req, c) => [genericEvent(req.payload, { source: c.name, cluster: c.cluster, eventType: c.eventType })],
};
