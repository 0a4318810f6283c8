import { z } from 'zod';
import { CommonSourceFields } from './common-config.ts';
import { genericEvent } from './generic-payload.ts';
import type { SenderType } from './sender-type.ts';

/**
 * Senders that cannot sign but can present a secret token (bearer header, or
 * `?token=` for GET-only senders such as simple monitors). A token is required.
 */
const TokenConfigSchema = z.strictObject({
  ...CommonSourceFields,
  type: z.literal('token'),
  token: z.string().min(16),
  idHeader: z.string().transform((h) => h.toLowerCase()).optional(),
  eventType: z.string().regex(/^[a-z][a-z0-9_.-]*$/).default('inbound'),
});
type TokenConfig = z.infer<typeof TokenConfigSchema>;

export const tokenSender: SenderType<TokenConfig> = {
  type: 'token',
  configSchema: TokenConfigSchema,
  verify: () => ({ ok: true }),
  deliveryId: (req, c) => (c.idHeader === undefined ? undefined : req.headers[c.idHeader]),
  // The app drops the `token` query parameter from GET payloads, so the token is never kept with the event.
  toEvents: (req, c) => [genericEvent(req.payload, { source: c.name, cluster: c.cluster, eventType: c.eventType })],
};
