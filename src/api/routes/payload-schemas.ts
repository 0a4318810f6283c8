import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { eventPayloadJsonSchema } from '../../core/event-payload.ts';
import { validationHook } from '../errors.ts';

/**
 * /api/v1/schemas: the JSON Schemas of what Herald sends, so receivers can
 * validate a delivery. Public like the OpenAPI document: they describe
 * Herald, not anyone's data.
 */
export function payloadSchemaRoutes(): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  const eventSchema = eventPayloadJsonSchema();

  app.openapi(createRoute({
    method: 'get', path: '/event.json', tags: ['schemas'], security: [],
    summary: 'JSON Schema (draft 2020-12) of the payload custom HTTP webhooks receive; the same as components.schemas.HeraldEventPayload',
    responses: {
      200: {
        description: 'A JSON Schema document',
        content: { 'application/schema+json': { schema: z.record(z.string(), z.unknown()) } },
      },
    },
  }), (c) => c.json(eventSchema as Record<string, never>, 200, { 'content-type': 'application/schema+json' }));

  return app;
}
