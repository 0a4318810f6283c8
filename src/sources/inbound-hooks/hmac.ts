import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { CommonSourceFields } from './common-config.ts';
import { genericEvent } from './generic-payload.ts';
import { safeEqual } from '../safe-equal.ts';
import type { SenderType } from './sender-type.ts';

/**
 * Any sender that signs the raw body with an HMAC in a header (Stripe-, Shopify-
 * or GitLab-like). Header, algorithm, encoding and prefix are configurable; an
 * optional timestamp header is bound into the signature as `<ts>.<body>` and
 * checked against a tolerance, so a captured request cannot be replayed later.
 */
const HmacConfigSchema = z.strictObject({
  ...CommonSourceFields,
  type: z.literal('hmac'),
  secret: z.string().min(8),
  header: z.string().default('x-signature').transform((h) => h.toLowerCase()),
  algorithm: z.enum(['sha256', 'sha1', 'sha512']).default('sha256'),
  encoding: z.enum(['hex', 'base64']).default('hex'),
  prefix: z.string().default('').describe('e.g. "sha256=" when the header carries one'),
  timestampHeader: z.string().transform((h) => h.toLowerCase()).optional(),
  toleranceSeconds: z.number().int().min(1).max(86_400).default(300),
  idHeader: z.string().transform((h) => h.toLowerCase()).optional().describe('Header carrying the delivery id, for de-duplication'),
  eventType: z.string().regex(/^[a-z][a-z0-9_.-]*$/).default('inbound'),
});
type HmacConfig = z.infer<typeof HmacConfigSchema>;

export const hmacSender: SenderType<HmacConfig> = {
  type: 'hmac',
  configSchema: HmacConfigSchema,
  verify(req, c) {
    const presented = req.headers[c.header];
    if (presented === undefined) return { ok: false, reason: `missing ${c.header}` };
    let signed: Buffer = req.rawBody;
    if (c.timestampHeader !== undefined) {
      const ts = Number(req.headers[c.timestampHeader]);
      if (!Number.isFinite(ts)) return { ok: false, reason: `missing ${c.timestampHeader}` };
      if (Math.abs(Date.now() / 1000 - ts) > c.toleranceSeconds) return { ok: false, reason: 'timestamp outside the tolerance' };
      signed = Buffer.concat([Buffer.from(`${ts}.`), req.rawBody]);
    }
    const expected = c.prefix + createHmac(c.algorithm, c.secret).update(signed).digest(c.encoding);
    return safeEqual(presented.trim(), expected) ? { ok: true } : { ok: false, reason: `${c.header} does not match` };
  },
  deliveryId: (req, c) => (c.idHeader === undefined ? undefined : req.headers[c.idHeader]),
  toEvents: (req, c) => [genericEvent(req.payload, { source: c.name, cluster: c.cluster, eventType: c.eventType })],
};
