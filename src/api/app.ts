import { OpenAPIHono } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import { eventPayloadJsonSchema } from '../core/event-payload.ts';
import { buildInfo } from '../observability/build-info.ts';
import type { ApiDeps } from './api-deps.ts';
import { authenticate, type AuthEnv } from './auth/principal.ts';
import { bodyLimit } from './body-limit.ts';
import { onApiError, validationHook } from './errors.ts';
import { jsonDepthLimit } from './json-depth-limit.ts';
import { auditRoutes } from './routes/audit.ts';
import { deliveryRoutes } from './routes/deliveries.ts';
import { eventRoutes } from './routes/events.ts';
import { platformRoutes } from './routes/platforms.ts';
import { payloadSchemaRoutes } from './routes/payload-schemas.ts';
import { sessionRoutes } from './routes/session.ts';
import { silenceRoutes } from './routes/silences.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { userRoutes } from './routes/users.ts';
import { webhookRoutes } from './routes/webhooks.ts';

export interface AppOptions {
  bodyLimitBytes: number;
  /** Prometheus text exposition. */
  metrics?: () => Promise<string>;
  /** Apps that answer outside /api/v1 (Kubernetes webhooks, inbound senders, the console), mounted as given. */
  mounts?: ReadonlyArray<{ path: string; app: Hono<any> }>;
}

const SECURITY: Array<Record<string, string[]>> = [{ bearer: [] }, { session: [] }];

/** The HTTP surface: health, metrics, the REST API with its OpenAPI document, and mounted source apps. */
export function createApp(deps: ApiDeps, opts: AppOptions): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.onError(onApiError(deps.logError));
  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: `no route for ${c.req.method} ${c.req.path}` } }, 404));
  app.use('*', bodyLimit(opts.bodyLimitBytes));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  // Ready means the store answers: a replica that cannot reach PostgreSQL is taken out of the Service
  // until it can, instead of accepting webhooks it would answer 503 to.
  app.get('/readyz', async (c) => {
    try {
      await deps.app.history.checkStore();
      return c.json({ status: 'ready' });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      return c.json({ status: 'not ready', reason: `the store does not answer: ${reason}` }, 503);
    }
  });
  app.get('/version', (c) => c.json(buildInfo()));
  if (opts.metrics !== undefined) {
    const metrics = opts.metrics;
    app.get('/metrics', async (c) => c.text(await metrics(), 200, { 'content-type': 'text/plain; version=0.0.4' }));
  }

  const api = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });
  api.use('*', jsonDepthLimit());
  // Registered before the authentication middleware, so signing in needs no credentials.
  api.route('/session', sessionRoutes(deps));
  api.route('/schemas', payloadSchemaRoutes());
  api.use('*', authenticate(deps.auth));
  api.route('/platforms', platformRoutes());
  api.route('/webhooks', webhookRoutes(deps));
  api.route('/events', eventRoutes(deps));
  api.route('/silences', silenceRoutes(deps));
  api.route('/', deliveryRoutes(deps));
  api.route('/users', userRoutes(deps));
  api.route('/tokens', tokenRoutes(deps));
  api.route('/audit', auditRoutes(deps));
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  api.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'herald_session' });

  // The document is generated when asked for, never at start; the payload schema it embeds too.
  let payloadSchemaRegistered = false;
  app.doc31('/api/v1/openapi.json', () => {
    if (!payloadSchemaRegistered) {
      // On the root app: a sub-app's components do not reach the merged document.
      // OpenAPI 3.1 schemas are JSON Schema 2020-12, so the served schema goes in as it is.
      const { $schema: _dialect, ...payloadSchema } = eventPayloadJsonSchema();
      app.openAPIRegistry.registerComponent('schemas', 'HeraldEventPayload', payloadSchema);
      payloadSchemaRegistered = true;
    }
    return {
      openapi: '3.1.0',
      info: { title: 'Herald API', version: '1', description: 'Manage webhooks, deliveries and events.' },
      security: SECURITY,
    };
  });
  app.route('/api/v1', api);
  for (const m of opts.mounts ?? []) app.route(m.path, m.app);
  return app;
}
