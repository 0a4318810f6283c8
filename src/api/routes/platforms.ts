import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { AuthEnv } from '../auth/principal.ts';
import { validationHook } from '../errors.ts';
import { describeFields } from '../../platforms/destination-fields.ts';
import { TRANSPORT_SCHEMES } from '../../platforms/platform.ts';
import { PLATFORMS, transportOf } from '../../platforms/registry.ts';
import { errorResponses, json } from './schemas.ts';

const FieldSchema = z.object({
  name: z.string().describe('Path in the webhook body: url, secret, or platformOptions.<key>'),
  label: z.string(),
  description: z.string(),
  type: z.enum(['string', 'integer', 'number', 'boolean', 'enum', 'string-or-integer']),
  required: z.boolean(),
  secret: z.boolean().describe('Write-only: sealed at rest and never returned (hasSecret says whether it is set)'),
  values: z.array(z.string()).optional().describe('The allowed values of an enum'),
  example: z.string().optional(),
});

const PlatformSchema = z.object({
  id: z.string(),
  label: z.string(),
  heraldSignature: z.boolean().describe('Receivers can verify X-Herald-Signature / webhook-signature'),
  credentialUrl: z.boolean().describe('The URL is the credential: viewers see it masked'),
  transport: z.enum(['http', 'smtp', 'nats', 'amqp', 'mqtt', 'redis']).describe('How the destination is reached'),
  schemes: z.array(z.string()).describe('The URL schemes the webhook URL may use, e.g. "nats:"'),
  fields: z.array(FieldSchema).describe('What a webhook of this platform needs, in form order'),
  rate: z.object({ requests: z.number(), perSeconds: z.number(), per: z.string() }).optional()
    .describe('The receiver\'s documented rate limit'),
});

// The registry is fixed for the life of the process, so the answer is built once.
const ITEMS = PLATFORMS.map((p) => ({
  id: p.id, label: p.label, heraldSignature: p.heraldSignature, credentialUrl: p.credentialUrl,
  transport: transportOf(p), schemes: [...TRANSPORT_SCHEMES[transportOf(p)]],
  fields: describeFields(p), ...(p.rate === undefined ? {} : { rate: p.rate }),
}));

/** /api/v1/platforms: every destination and the fields it needs, so the console form is driven by data. */
export function platformRoutes(): OpenAPIHono<AuthEnv> {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });
  app.openapi(createRoute({
    method: 'get', path: '/', tags: ['platforms'], summary: 'List the destinations Herald can deliver to, with the fields each needs',
    responses: { 200: json(z.object({ items: z.array(PlatformSchema) })), ...errorResponses(401) },
  }), (c) => c.json({ items: ITEMS }, 200));
  return app;
}
