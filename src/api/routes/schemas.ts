import { z } from 'zod';
import { WebhookInputSchema, WebhookPatchSchema } from '../../core/webhook.ts';
import { PlatformIdSchema } from '../../platforms/registry.ts';
import { DELIVERY_TRIGGERS } from '../../core/delivery-trigger.ts';

/**
 * API-facing schemas: the core schemas, with the platform checked against the registry.
 * Unknown top-level keys are dropped, not refused: clients send back what they read (id,
 * hasSecret, createdAt…), and nested objects (auth, tls, retry, filters) are strict already.
 */
export const WebhookCreateBody = WebhookInputSchema.extend({ platform: PlatformIdSchema.default('custom') });
export const WebhookUpdateBody = WebhookPatchSchema.extend({ platform: PlatformIdSchema.optional() });

export const IdParams = z.object({ id: z.string().min(1).max(100) });

export const ErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});

export const DeliverySchema = z.object({
  id: z.string(), eventId: z.string(), webhookId: z.string(),
  status: z.enum(['pending', 'delivering', 'succeeded', 'failed']),
  attempts: z.number(), nextAttemptAt: z.string(), lastStatusCode: z.number().nullable(),
  lastError: z.string().nullable(),
  trigger: z.enum(DELIVERY_TRIGGERS).describe('Why the next (or last) attempt happens: first, retry, redeliver, recovered or test'),
  createdAt: z.string(), updatedAt: z.string(),
});

export const AttemptSchema = z.object({
  id: z.string(), attempt: z.number(), startedAt: z.string(), durationMs: z.number(),
  statusCode: z.number().nullable(), responseBody: z.string().nullable(), error: z.string().nullable(),
  outcome: z.enum(['succeeded', 'retry', 'failed']),
  trigger: z.enum(DELIVERY_TRIGGERS).describe('first, retry, redeliver (by hand), recovered (after the receiver came back) or test'),
});

export function errorResponses(...codes: Array<400 | 401 | 403 | 404 | 409 | 422 | 429>) {
  return Object.fromEntries(codes.map((code) => [code, {
    description: 'Error', content: { 'application/json': { schema: ErrorSchema } },
  }]));
}

export const json = <T extends z.ZodType>(schema: T, description = 'OK') => ({
  description, content: { 'application/json': { schema } },
});
